package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.Identifiers;
import dev.migrationbot.analyzer.QualifiedName;
import dev.migrationbot.analyzer.sql.ColumnDef;
import dev.migrationbot.analyzer.sql.SourceStatement;
import dev.migrationbot.analyzer.sql.Token;
import java.util.List;
import java.util.Optional;

/** SQL the column and constraint rules suggest, written for the user's own statement. */
final class SafeSql {

  private SafeSql() {}

  /** The name PostgreSQL 18 gives a column's NOT NULL constraint, used for the CHECK form too. */
  static String notNullConstraintName(QualifiedName table, String column) {
    return table.name() + "_" + column + "_not_null";
  }

  /**
   * Makes a column NOT NULL without scanning the table under ACCESS EXCLUSIVE: PostgreSQL 18 adds
   * the NOT NULL constraint NOT VALID and validates it; 12 to 17 validate a CHECK (col IS NOT
   * NULL), which lets SET NOT NULL skip its scan; 11 cannot skip it, so the validated CHECK stays
   * as the guarantee.
   */
  static String notNullSteps(QualifiedName table, String column, int pgMajor) {
    String t = table.sql();
    String c = Identifiers.quote(column);
    String name = Identifiers.quote(notNullConstraintName(table, column));
    String validate =
        "-- in a later transaction (scans without blocking reads or writes):\nALTER TABLE "
            + t
            + " VALIDATE CONSTRAINT "
            + name
            + ";";
    if (pgMajor >= 18) {
      return "ALTER TABLE "
          + t
          + " ADD CONSTRAINT "
          + name
          + " NOT NULL "
          + c
          + " NOT VALID;\n"
          + validate;
    }
    String check =
        "ALTER TABLE "
            + t
            + " ADD CONSTRAINT "
            + name
            + " CHECK ("
            + c
            + " IS NOT NULL) NOT VALID;\n"
            + validate;
    if (pgMajor < 12) {
      return check
          + "\n-- PostgreSQL 11 cannot use the CHECK to skip the scan of SET NOT NULL:"
          + " keep the CHECK as the guarantee";
    }
    return check
        + "\n-- the validated CHECK proves there is no NULL: SET NOT NULL skips its scan\nALTER TABLE "
        + t
        + " ALTER COLUMN "
        + c
        + " SET NOT NULL;\nALTER TABLE "
        + t
        + " DROP CONSTRAINT "
        + name
        + ";";
  }

  /**
   * The statement with one column's type replaced, e.g. {@code json} by {@code jsonb}, keeping
   * everything else as written; empty if the column's type cannot be found in the text.
   */
  static Optional<String> withColumnType(
      SourceStatement statement, ColumnDef column, String newType) {
    List<Token> tokens = statement.tokens();
    if (tokens.isEmpty()) {
      return Optional.empty();
    }
    int base = tokens.get(0).start();
    String text = statement.text();
    String written = column.type().sql();
    for (int i = 0; i + 1 < tokens.size(); i++) {
      Token name = tokens.get(i);
      int typeAt = tokens.get(i + 1).start() - base;
      if (name.isIdentifier()
          && name.value().equals(column.name())
          && text.startsWith(written, typeAt)) {
        return Optional.of(
            text.substring(0, typeAt) + newType + text.substring(typeAt + written.length()) + ";");
      }
    }
    return Optional.empty();
  }

  /** The statement without one clause (an inline constraint), and the space before it. */
  static String without(SourceStatement statement, String clause) {
    String text = statement.text();
    int at = text.indexOf(clause);
    if (at < 0) {
      return text;
    }
    int from = at;
    while (from > 0 && Character.isWhitespace(text.charAt(from - 1))) {
      from--;
    }
    return text.substring(0, from) + text.substring(at + clause.length());
  }

  /** A SQL string literal. */
  static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
