package dev.migrationbot.cli;

import dev.migrationbot.analyzer.Analysis;
import dev.migrationbot.analyzer.AnalysisContext;
import dev.migrationbot.analyzer.Analyzer;
import dev.migrationbot.analyzer.MigrationFile;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.TransactionMode;
import dev.migrationbot.analyzer.VersionRange;
import dev.migrationbot.analyzer.report.MarkdownReport;
import dev.migrationbot.analyzer.report.TextReport;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code migration-bot lint}: the analysis the bot comments on pull requests, locally. */
final class LintCommand implements Command {

  private static final List<String> FORMATS = List.of("text", "markdown", "json", "sarif");

  @Override
  public String name() {
    return "lint";
  }

  @Override
  public String summary() {
    return "analyse SQL migrations: locks, what they block, rewrites, safer SQL";
  }

  @Override
  public String usage() {
    return """
        Usage: migration-bot lint [options] PATH...

        Analyses SQL migration files (or every *.sql under a directory, down migrations
        excluded, in natural order) as one migration: the lock each statement takes on
        each existing table, what that lock blocks, whether the table is rewritten or
        scanned, the rollout phase, and findings with the safe SQL to use instead.

        Options:
          --format text|markdown|json|sarif   output format (default text)
          --pg-version N                      target PostgreSQL major, %d to %d (default 16)
          --transaction per-file|per-statement|none
                                              how your runner wraps statements (default per-file)
          --schema FILE                       SQL of the schema before the migration
                                              (repeatable); lets the analyzer know column
                                              types, constraints and partitions
          --fail-on error|warning|info        exit 1 when a finding is at least this severe
                                              (default error)
          --docs-url URL                      base URL of the rule pages, to link rule ids
          --verbose                           text format: list statements without findings too

        Exit status: 0 nothing at or above --fail-on, 1 findings at or above it,
        2 usage or I/O error.
        """
        .formatted(VersionRange.OLDEST, VersionRange.NEWEST);
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    Arguments a =
        Arguments.parse(
            args,
            Set.of("format", "pg-version", "transaction", "schema", "fail-on", "docs-url"),
            Set.of("verbose"));
    String format = a.choice("format", "text", FORMATS);
    int pg = a.integer("pg-version", 16, VersionRange.OLDEST, VersionRange.NEWEST);
    TransactionMode mode;
    try {
      mode = TransactionMode.parse(a.value("transaction").orElse("per-file"));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    Severity failOn;
    try {
      failOn = Severity.parse(a.value("fail-on").orElse("error"));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    List<MigrationFile> schema =
        a.values("schema").stream()
            .map(s -> MigrationPaths.read(java.nio.file.Path.of(s)))
            .toList();
    List<MigrationFile> files = MigrationPaths.read(a.positional());
    AnalysisContext context =
        AnalysisContext.of(pg).withTransactionMode(mode).withSchemaFiles(schema);
    Analysis analysis = new Analyzer().analyze(files, context);
    Optional<String> docs = a.value("docs-url").map(u -> u.endsWith("/") ? u : u + "/");
    out.print(
        switch (format) {
          case "markdown" -> new MarkdownReport(docs).render(analysis);
          case "json" -> JsonReport.render(analysis);
          case "sarif" -> SarifReport.render(analysis, Main.version(), docs);
          default -> TextReport.render(analysis, a.flag("verbose"));
        });
    boolean failing = analysis.findings().stream().anyMatch(f -> f.severity().atLeast(failOn));
    return failing ? 1 : Main.OK;
  }
}
