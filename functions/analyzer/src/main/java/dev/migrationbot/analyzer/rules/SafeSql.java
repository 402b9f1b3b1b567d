package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.Identifiers;
import dev.migrationbot.analyzer.QualifiedName;
import dev.migrationbot.analyzer.schema.Table;
import dev.migrationbot.analyzer.sql.ColumnDef;
import dev.migrationbot.analyzer.sql.SourceStatement;
import dev.migrationbot.analyzer.sql.TableConstraint;
import dev.migrationbot.analyzer.sql.Token;
import java.util.List;
import java.util.Optional;

/**
 * Pieces for safe alternatives built from the statement as the user wrote it, so names, quoting and
 * clauses stay theirs.
 */
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

  /** The statement as written, with its semicolon. */
  static String statement(StatementContext context) {
    return context.source().text() + ";";
  }

  /** The statement's text from its token at {@code index} on. */
  static String from(SourceStatement source, int index) {
    List<Token> tokens = source.tokens();
    return index >= tokens.size()
        ? ""
        : source.text().substring(tokens.get(index).start() - tokens.get(0).start());
  }

  /** The statement's text before its token at {@code index}, without trailing blanks. */
  static String before(SourceStatement source, int index) {
    List<Token> tokens = source.tokens();
    return index >= tokens.size()
        ? source.text()
        : source
            .text()
            .substring(0, tokens.get(index).start() - tokens.get(0).start())
            .stripTrailing();
  }

  /** The index of the first token outside parentheses that is the given word, or -1. */
  static int topLevelWord(SourceStatement source, String word) {
    int depth = 0;
    List<Token> tokens = source.tokens();
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.isPunctuation('(')) {
        depth++;
      } else if (t.isPunctuation(')')) {
        depth--;
      } else if (depth == 0 && t.isWord(word)) {
        return i;
      }
    }
    return -1;
  }

  /** The table's primary key, quoted, when the schema knows it and it is a single column. */
  static Optional<String> singleColumnKey(StatementContext context, QualifiedName table) {
    return context
        .table(table)
        .flatMap(
            t ->
                t.constraints().stream()
                    .filter(
                        c ->
                            c.kind() == TableConstraint.Kind.PRIMARY_KEY && c.columns().size() == 1)
                    .findFirst())
        .map(c -> Identifiers.quote(c.columns().get(0)));
  }

  /**
   * Batched DELETEs of every row of the table, to repeat until they delete nothing: by primary key
   * when the schema knows a single-column one, else by ctid, which is unique only within one table,
   * so a partitioned table is emptied partition by partition.
   */
  static String deleteInBatches(StatementContext context, QualifiedName table) {
    Optional<String> key = singleColumnKey(context, table);
    if (key.isPresent()) {
      return batchDelete(table, key.get(), " ORDER BY " + key.get());
    }
    List<QualifiedName> leaves =
        context.schema().withDescendants(table).stream()
            .filter(t -> !context.table(t).map(Table::partitioned).orElse(false))
            .toList();
    if (leaves.isEmpty()) {
      return batchDelete(table, "<key>", " ORDER BY <key>");
    }
    return String.join("\n", leaves.stream().map(t -> batchDelete(t, "ctid", "")).toList());
  }

  private static String batchDelete(QualifiedName table, String key, String order) {
    return "DELETE FROM "
        + table.sql()
        + " WHERE "
        + key
        + " IN (SELECT "
        + key
        + " FROM "
        + table.sql()
        + order
        + " LIMIT 1000);";
  }

  /** "a, b and c". */
  static String list(List<String> items) {
    if (items.size() <= 1) {
      return String.join("", items);
    }
    return String.join(", ", items.subList(0, items.size() - 1))
        + " and "
        + items.get(items.size() - 1);
  }
}
