package dev.migrationbot.analyzer;

import java.util.Objects;

/**
 * A schema-qualified relation name as PostgreSQL resolves it: folded to lower case unless it was
 * quoted. {@link #sql()} quotes where PostgreSQL needs it.
 */
public record QualifiedName(String schema, String name) {

  public QualifiedName {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(name, "name");
  }

  public static QualifiedName of(String schema, String name) {
    return new QualifiedName(schema, name);
  }

  /** The name as SQL, e.g. {@code public.accounts} or {@code "Sales"."Order"}. */
  public String sql() {
    return Identifiers.quote(schema) + "." + Identifiers.quote(name);
  }

  /** The name as people read it, unquoted: {@code public.accounts}. */
  @Override
  public String toString() {
    return schema + "." + name;
  }
}
