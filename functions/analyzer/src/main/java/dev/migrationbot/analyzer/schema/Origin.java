package dev.migrationbot.analyzer.schema;

/** Where a schema object comes from. */
public enum Origin {
  /** It existed before the migration: it may be big and busy. */
  EXISTING,
  /** The migration created it: it is empty and nobody uses it yet, so it carries no risk. */
  NEW
}
