package dev.migrationbot.cli;

import java.io.PrintStream;
import java.util.List;

/** One {@code migration-bot} subcommand. */
interface Command {

  /** The word that selects the command, e.g. {@code lint}. */
  String name();

  /** One line for the command list. */
  String summary();

  /** The full usage text shown by {@code migration-bot <command> --help}. */
  String usage();

  /**
   * Runs the command.
   *
   * @return the process exit code
   * @throws UsageException for arguments that do not make sense (exit code 2)
   */
  int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
}
