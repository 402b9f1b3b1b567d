package dev.migrationbot.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code migration-bot} command line. */
public final class Main {

  static final int OK = 0;
  static final int USAGE_OR_IO_ERROR = 2;

  private final List<Command> commands;

  Main(List<Command> commands) {
    this.commands = List.copyOf(commands);
  }

  /** The only place the CLI reads the environment: commands get it as a map, so tests pass one. */
  public static void main(String[] args) {
    System.exit(new Main(Commands.all(System.getenv())).run(List.of(args), System.out, System.err));
  }

  int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h")) {
      out.print(help());
      return args.isEmpty() ? USAGE_OR_IO_ERROR : OK;
    }
    if (args.get(0).equals("--version")) {
      out.println("migration-bot " + version());
      return OK;
    }
    Optional<Command> command = find(args.get(0));
    if (command.isEmpty()) {
      err.println("migration-bot: unknown command '" + args.get(0) + "'; run migration-bot --help");
      return USAGE_OR_IO_ERROR;
    }
    List<String> rest = new ArrayList<>(args.subList(1, args.size()));
    if (rest.contains("--help") || rest.contains("-h")) {
      out.print(command.get().usage());
      return OK;
    }
    try {
      return command.get().run(rest, out, err);
    } catch (UsageException e) {
      err.println("migration-bot " + command.get().name() + ": " + e.getMessage());
      err.print(synopsis(command.get()));
      return USAGE_OR_IO_ERROR;
    } catch (Exception e) {
      err.println("migration-bot " + command.get().name() + ": " + describe(e));
      return USAGE_OR_IO_ERROR;
    }
  }

  private Optional<Command> find(String name) {
    return commands.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  String help() {
    StringBuilder text = new StringBuilder();
    text.append("migration-bot: safe, observable rollouts of PostgreSQL schema migrations\n\n");
    text.append("Usage: migration-bot <command> [options]\n\nCommands:\n");
    int width = commands.stream().mapToInt(c -> c.name().length()).max().orElse(0);
    for (Command command : commands) {
      text.append("  ")
          .append(command.name())
          .append(" ".repeat(width - command.name().length() + 3))
          .append(command.summary())
          .append('\n');
    }
    text.append("\nRun 'migration-bot <command> --help' for a command's options.\n");
    return text.toString();
  }

  /** The usage text up to its first blank line, and where the rest is. */
  private static String synopsis(Command command) {
    String usage = command.usage();
    int blank = usage.indexOf("\n\n");
    return (blank < 0 ? usage : usage.substring(0, blank + 1))
        + "Run 'migration-bot "
        + command.name()
        + " --help' for every option.\n";
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  static String version() {
    String version = Main.class.getPackage().getImplementationVersion();
    return version == null ? "development build" : version;
  }
}
