package dev.migrationbot.analyzer;

import dev.migrationbot.analyzer.schema.SchemaState;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the analysis needs to know beyond the migration itself.
 *
 * @param pgMajor the target PostgreSQL major, 11 to 18
 * @param transactionMode how the runner wraps statements in transactions
 * @param schemaFiles SQL describing the schema before the migration (replayed, never reported)
 * @param catalog further knowledge of the existing schema, e.g. read from the live database
 * @param settings settings in effect when the migration starts, e.g. {@code lock_timeout}
 * @param severities rule id to severity; an empty value turns the rule off
 */
public record AnalysisContext(
    int pgMajor,
    TransactionMode transactionMode,
    List<MigrationFile> schemaFiles,
    Consumer<SchemaState> catalog,
    Map<String, String> settings,
    Map<String, Optional<Severity>> severities) {

  public AnalysisContext {
    if (!VersionRange.ALL.includes(pgMajor)) {
      throw new IllegalArgumentException(
          "PostgreSQL "
              + pgMajor
              + " is not supported; choose a major from "
              + VersionRange.OLDEST
              + " to "
              + VersionRange.NEWEST);
    }
    Objects.requireNonNull(transactionMode, "transactionMode");
    schemaFiles = List.copyOf(schemaFiles);
    Objects.requireNonNull(catalog, "catalog");
    settings = Map.copyOf(settings);
    severities = Map.copyOf(severities);
  }

  /** Defaults: the given major, one transaction per file, nothing known of the schema. */
  public static AnalysisContext of(int pgMajor) {
    return new AnalysisContext(
        pgMajor, TransactionMode.PER_FILE, List.of(), schema -> {}, Map.of(), Map.of());
  }

  public AnalysisContext withTransactionMode(TransactionMode mode) {
    return new AnalysisContext(pgMajor, mode, schemaFiles, catalog, settings, severities);
  }

  public AnalysisContext withSchemaFiles(List<MigrationFile> files) {
    return new AnalysisContext(pgMajor, transactionMode, files, catalog, settings, severities);
  }

  public AnalysisContext withCatalog(Consumer<SchemaState> newCatalog) {
    return new AnalysisContext(
        pgMajor, transactionMode, schemaFiles, newCatalog, settings, severities);
  }

  public AnalysisContext withSettings(Map<String, String> newSettings) {
    return new AnalysisContext(
        pgMajor, transactionMode, schemaFiles, catalog, newSettings, severities);
  }

  public AnalysisContext withSeverities(Map<String, Optional<Severity>> newSeverities) {
    return new AnalysisContext(
        pgMajor, transactionMode, schemaFiles, catalog, settings, newSeverities);
  }
}
