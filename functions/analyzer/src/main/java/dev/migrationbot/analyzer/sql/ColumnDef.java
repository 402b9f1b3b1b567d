package dev.migrationbot.analyzer.sql;

import java.util.List;
import java.util.Optional;

/**
 * A column definition of CREATE TABLE or ALTER TABLE ... ADD COLUMN.
 *
 * @param generated the expression of {@code GENERATED ALWAYS AS (...)}, if any
 * @param generatedStored whether that generated column is STORED; VIRTUAL (PostgreSQL 18+, where it
 *     is the default) is computed when read and stores nothing
 * @param identity whether the column is {@code GENERATED ... AS IDENTITY}
 * @param constraints inline constraints: PRIMARY KEY, UNIQUE, CHECK, REFERENCES (NOT NULL and
 *     DEFAULT have their own fields)
 */
public record ColumnDef(
    String name,
    TypeName type,
    boolean notNull,
    Optional<Expression> defaultValue,
    Optional<Expression> generated,
    boolean generatedStored,
    boolean identity,
    List<TableConstraint> constraints) {

  public ColumnDef {
    constraints = List.copyOf(constraints);
  }

  public boolean hasConstraint(TableConstraint.Kind kind) {
    return constraints.stream().anyMatch(c -> c.kind() == kind);
  }
}
