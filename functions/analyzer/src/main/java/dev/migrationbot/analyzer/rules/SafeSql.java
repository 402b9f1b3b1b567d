package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.sql.SourceStatement;
import dev.migrationbot.analyzer.sql.Token;
import java.util.List;

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
