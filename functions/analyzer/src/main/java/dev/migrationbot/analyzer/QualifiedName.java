package dev.migrationbot.analyzer;

import java.util.Objects;

/**
 * A schema-qualified relation name as PostgreSQL resolves it: folded to lower case unless it was
 * quoted. An unqualified name is taken to live in {@code public}; {@link #sql()} still writes it
 * unqualified, so SQL the bot suggests resolves through the user's search_path as theirs did.
 *
 * @param qualified whether the name was written with its schema; not part of equality
 */
public record QualifiedName(String schema, String name, boolean qualified) {

  public static final String DEFAULT_SCHEMA = "public";

  public QualifiedName {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(name, "name");
  }

  public QualifiedName(String schema, String name) {
    this(schema, name, true);
  }

  public static QualifiedName of(String schema, String name) {
    return new QualifiedName(schema, name, true);
  }

  /** A name written without a schema. */
  public static QualifiedName unqualified(String name) {
    return new QualifiedName(DEFAULT_SCHEMA, name, false);
  }

  /** The name as SQL, quoted where needed: {@code accounts}, {@code "Sales"."Order"}. */
  public String sql() {
    return qualified
        ? Identifiers.quote(schema) + "." + Identifiers.quote(name)
        : Identifiers.quote(name);
  }

  /** A name in the same schema, written the same way (for indexes and constraints). */
  public QualifiedName sibling(String otherName) {
    return new QualifiedName(schema, otherName, qualified);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof QualifiedName q && q.schema.equals(schema) && q.name.equals(name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(schema, name);
  }

  /** The name as people read it, unquoted and qualified: {@code public.accounts}. */
  @Override
  public String toString() {
    return schema + "." + name;
  }
}
