package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.Identifiers;
import dev.migrationbot.analyzer.QualifiedName;
import dev.migrationbot.analyzer.schema.Table;
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
