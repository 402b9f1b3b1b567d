package dev.migrationbot.analyzer.schema;

import dev.migrationbot.analyzer.QualifiedName;
import dev.migrationbot.analyzer.sql.TableConstraint;
import java.util.List;
import java.util.Optional;

/**
 * What the analyzer knows of a table constraint.
 *
 * @param validated false for a constraint added NOT VALID and not validated since
 * @param notNullColumn for {@code CHECK (c IS NOT NULL)} or a NOT NULL constraint, the column
 */
public record Constraint(
    String name,
    TableConstraint.Kind kind,
    boolean validated,
    List<String> columns,
    Optional<QualifiedName> references,
    Optional<String> notNullColumn,
    Origin origin) {

  public Constraint {
    columns = List.copyOf(columns);
  }

  public Constraint validate() {
    return new Constraint(name, kind, true, columns, references, notNullColumn, origin);
  }
}
