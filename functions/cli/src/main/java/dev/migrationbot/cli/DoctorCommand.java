package dev.migrationbot.cli;

import dev.migrationbot.local.LocalEngineException;
import dev.migrationbot.local.LocalPostgres;
import dev.migrationbot.local.PostgresBinaries;
import dev.migrationbot.local.StateMachineTools;
import java.io.PrintStream;
import java.util.List;

/** Checks that this machine can run rehearsals: embedded PostgreSQL and the ASL engine. */
final class DoctorCommand implements Command {

  @Override
  public String name() {
    return "doctor";
  }

  @Override
  public String summary() {
    return "check the local engines: embedded PostgreSQL and the state-machine engine";
  }

  @Override
  public String usage() {
    return """
        Usage: migration-bot doctor

        Starts the bundled embedded PostgreSQL once and looks for the state-machine tooling
        (statemachine/test with its node_modules). Exit 0 when both work, 1 otherwise.
        """;
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    if (!args.isEmpty()) {
      throw new UsageException("takes no arguments, got " + args);
    }
    boolean healthy = true;
    out.println("java: " + Runtime.version());
    int major = PostgresBinaries.bundledMajor();
    try (LocalPostgres server = LocalPostgres.start(major, LocalPostgres.Durability.FAST)) {
      out.println("embedded PostgreSQL: " + server.serverVersion() + " (ok)");
    } catch (LocalEngineException e) {
      healthy = false;
      out.println("embedded PostgreSQL " + major + ": FAILED: " + e.getMessage());
    }
    StateMachineTools.Lookup tools = StateMachineTools.locate();
    if (tools.tools().isPresent()) {
      out.println("state-machine engine: " + tools.tools().get().folder() + " (ok)");
    } else {
      healthy = false;
      out.println("state-machine engine: MISSING: " + tools.problem());
    }
    return healthy ? Main.OK : 1;
  }
}
