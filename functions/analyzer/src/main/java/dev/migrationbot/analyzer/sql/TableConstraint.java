package dev.migrationbot.analyzer.sql;

import dev.migrationbot.analyzer.QualifiedName;
import java.util.List;
import java.util.Optional;

/**
 * A table constraint (or an inline column constraint, with the column as its only column, or a
 * domain constraint, with no column).
 *
 * @param name the constraint name, when given
 * @param columns the constrained columns (referencing side for foreign keys)
 * @param check the CHECK expression
 * @param references the referenced table of a foreign key
 * @param usingIndex the index of {@code UNIQUE/PRIMARY KEY USING INDEX}
 * @param notValid whether the constraint was added {@code NOT VALID}
 * @param sql the constraint as written (for inline column constraints, just the constraint)
 */
public record TableConstraint(
    Optional<String> name,
    Kind kind,
    List<String> columns,
    Optional<Expression> check,
    Optional<QualifiedName> references,
    List<String> referencedColumns,
    Optional<String> usingIndex,
    boolean notValid,
    String sql) {

  public TableConstraint {
    columns = List.copyOf(columns);
    referencedColumns = List.copyOf(referencedColumns);
  }

  public enum Kind {
    CHECK,
    FOREIGN_KEY,
    UNIQUE,
    PRIMARY_KEY,
    EXCLUDE,
    /** {@code CONSTRAINT n NOT NULL col} (PostgreSQL 18 table constraint form). */
    NOT_NULL
  }

  /** The constraint as written, with NOT VALID added unless it is already there. */
  public String sqlNotValid() {
    return notValid ? sql : sql + " NOT VALID";
  }

  /** Whether this constraint's CHECK expression is exactly {@code column IS NOT NULL}. */
  public boolean checksNotNull(String column) {
    if (kind != Kind.CHECK || check.isEmpty()) {
      return false;
    }
    List<Token> t =
        check.get().tokens().stream()
            .filter(x -> !x.isPunctuation('(') && !x.isPunctuation(')'))
            .toList();
    return t.size() == 4
        && t.get(0).isIdentifier()
        && t.get(0).value().equals(column)
        && t.get(1).isWord("is")
        && t.get(2).isWord("not")
        && t.get(3).isWord("null");
  }
}
