package dev.migrationbot.cli;

import dev.migrationbot.analyzer.MigrationFile;
import dev.migrationbot.cli.rehearse.Rehearsal;
import dev.migrationbot.cli.rehearse.RehearsalReport;
import dev.migrationbot.local.LocalPostgres;
import dev.migrationbot.local.StateMachineTools;
import dev.migrationbot.postgres.ConnectionFactory;
import dev.migrationbot.postgres.PostgresRolloutEngines;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code migration-bot rehearse}: the whole rollout of a migration on a laptop, through the real
 * workflow definition and step handlers, against real PostgreSQL under application traffic.
 */
final class RehearseCommand implements Command {

  private static final String DATABASE = "rehearsal";

  @Override
  public String name() {
    return "rehearse";
  }

  @Override
  public String summary() {
    return "roll a migration out on embedded PostgreSQL (or a given database) under traffic";
  }

  @Override
  public String usage() {
    return """
        Usage: migration-bot rehearse [options] MIGRATION.sql...

        Rolls the migrations out as the bot does after a merge: the workflow in
        statemachine/rollout.asl.json runs on a local engine with every task served by its
        real step handler; the deploy is reported once the expand phase is done. Without
        --database-url it starts embedded PostgreSQL, applies --schema, seeds every table
        and runs application readers and writers throughout, then reports each phase, the
        backfill rate, NULLs remaining and the application's latency before and during.

        Options:
          --database-url URL      run against this database instead (postgresql://user:pass@
                                  host:port/db or jdbc:postgresql://...); no seeding unless asked
          --pg-version N          embedded PostgreSQL major, 13 to 18 (default 16)
          --schema FILE           SQL applied before the rollout (repeatable)
          --seed-rows N           rows made up per table (default 100000; 0 with --database-url)
          --writers N             application writer threads (default 4)
          --readers N             application reader threads (default 2)
          --format text|json      output format (default text)

        Exit status: 0 rolled out, 1 the rollout failed or the plan cannot run, 2 usage or
        environment error.
        """;
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    Arguments a =
        Arguments.parse(
            args,
            Set.of(
                "database-url",
                "pg-version",
                "schema",
                "seed-rows",
                "writers",
                "readers",
                "format"),
            Set.of());
    String format = a.choice("format", "text", List.of("text", "json"));
    Optional<String> url = a.value("database-url");
    int major = a.integer("pg-version", 16, 13, 18);
    int seedRows = a.integer("seed-rows", url.isPresent() ? 0 : 100_000, 0, 100_000_000);
    int writers = a.integer("writers", 4, 0, 64);
    int readers = a.integer("readers", 2, 0, 64);
    if (a.positional().isEmpty()) {
      throw new UsageException("name the migration file(s) to rehearse");
    }
    List<MigrationFile> migrations = MigrationPaths.read(a.positional());
    List<MigrationFile> schema =
        a.values("schema").stream().map(s -> MigrationPaths.read(Path.of(s))).toList();
    StateMachineTools tools = StateMachineTools.locate().orElseThrow();
    Path definition = tools.repositoryRoot().resolve("statemachine/rollout.asl.json");
    Rehearsal rehearsal = new Rehearsal(tools, definition);
    try {
      RehearsalReport report;
      if (url.isPresent()) {
        ConnectionFactory connections = connections(url.get());
        report =
            rehearsal.run(
                new Rehearsal.Options(
                    connections,
                    serverMajor(connections),
                    schema,
                    migrations,
                    seedRows,
                    readers,
                    writers,
                    Duration.ofSeconds(3)));
      } else {
        err.println("Starting embedded PostgreSQL " + major + " ...");
        try (LocalPostgres server = LocalPostgres.start(major, LocalPostgres.Durability.FAST)) {
          server.createDatabase(DATABASE);
          err.println(
              "Seeding "
                  + seedRows
                  + " rows per table and rehearsing on PostgreSQL "
                  + server.serverVersion()
                  + " ...");
          report =
              rehearsal.run(
                  new Rehearsal.Options(
                      PostgresRolloutEngines.connect(
                          server.jdbcUrl(DATABASE), LocalPostgres.SUPERUSER, ""),
                      server.major(),
                      schema,
                      migrations,
                      seedRows,
                      readers,
                      writers,
                      Duration.ofSeconds(3)));
        }
      }
      out.print(format.equals("json") ? report.json() : report.text());
      return report.succeeded() ? Main.OK : 1;
    } catch (IllegalArgumentException | IllegalStateException e) {
      err.println("migration-bot rehearse: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      err.println("migration-bot rehearse: " + e);
      return 2;
    }
  }

  /** A libpq URL ({@code postgresql://user:pass@host:port/db}) or a JDBC one. */
  static ConnectionFactory connections(String url) {
    if (url.startsWith("jdbc:postgresql:")) {
      return applicationName -> {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("ApplicationName", applicationName);
        return java.sql.DriverManager.getConnection(url, p);
      };
    }
    if (!url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
      throw new UsageException(
          "--database-url must look like postgresql://user:pass@host:port/db or"
              + " jdbc:postgresql://host:port/db, not "
              + url.replaceAll(":[^:@/]*@", ":***@"));
    }
    URI uri = URI.create(url);
    String user = "";
    String password = "";
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
      password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "";
    }
    String jdbc =
        "jdbc:postgresql://"
            + uri.getHost()
            + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
            + uri.getRawPath()
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    return PostgresRolloutEngines.connect(jdbc, user, password);
  }

  private static int serverMajor(ConnectionFactory connections) throws Exception {
    try (Connection c = connections.open("migration-bot/rehearsal");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW server_version_num")) {
      rs.next();
      return Integer.parseInt(rs.getString(1)) / 10_000;
    }
  }
}
