package dev.migrationbot.analyzer;

/** PostgreSQL function volatility ({@code pg_proc.provolatile}), plus "not a known function". */
public enum Volatility {
  IMMUTABLE,
  STABLE,
  VOLATILE,
  /** A function the built-in catalogue does not list: a user-defined or extension function. */
  UNKNOWN
}
