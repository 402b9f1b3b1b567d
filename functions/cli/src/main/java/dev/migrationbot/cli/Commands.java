package dev.migrationbot.cli;

import java.util.List;

/** Every command of the CLI, in the order {@code --help} lists them. */
final class Commands {

  private Commands() {}

  static List<Command> all() {
    return List.of(
        new LintCommand(),
        new PlanCommand(),
        new RehearseCommand(),
        new BenchCommand(),
        new DoctorCommand());
  }
}
