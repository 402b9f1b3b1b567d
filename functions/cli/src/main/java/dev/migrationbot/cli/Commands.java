package dev.migrationbot.cli;

import java.util.List;
import java.util.Map;

/** Every command of the CLI, in the order {@code --help} lists them. */
final class Commands {

  private Commands() {}

  /**
   * @param env the process environment, for options that may also be given as variables
   */
  static List<Command> all(Map<String, String> env) {
    return List.of(
        new LintCommand(),
        new PlanCommand(),
        new RehearseCommand(),
        new ServeCommand(env),
        new BenchCommand(),
        new DoctorCommand());
  }
}
