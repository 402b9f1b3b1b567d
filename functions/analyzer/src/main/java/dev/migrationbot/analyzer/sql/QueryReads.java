package dev.migrationbot.analyzer.sql;

import dev.migrationbot.analyzer.QualifiedName;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The relations a query reads: the names in its FROM and JOIN clauses at any depth, leaving out
 * functions, subqueries and the names its WITH clauses define. PostgreSQL locks each of them in
 * ACCESS SHARE when it analyses the query.
 */
final class QueryReads {

  /** Words that end a FROM clause: no relation follows them at the same depth. */
  private static final Set<String> FROM_END =
      Set.of(
          "where",
          "group",
          "having",
          "window",
          "order",
          "limit",
          "offset",
          "fetch",
          "for",
          "union",
          "intersect",
          "except",
          "returning",
          "with");

  private QueryReads() {}

  static List<QualifiedName> of(List<Token> tokens) {
    Set<String> defined = withNames(tokens);
    List<QualifiedName> reads = new ArrayList<>();
    // One entry per open parenthesis: whether a SELECT started at that depth. A FROM only lists
    // relations there; elsewhere it belongs to a function call such as extract(year FROM x).
    Deque<Boolean> selectAtDepth = new ArrayDeque<>(List.of(false));
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.isPunctuation('(')) {
        selectAtDepth.push(false);
      } else if (t.isPunctuation(')') && selectAtDepth.size() > 1) {
        selectAtDepth.pop();
      } else if (t.isWord("select")) {
        selectAtDepth.pop();
        selectAtDepth.push(true);
      } else if (t.isWord("from")
          && selectAtDepth.peek()
          && !(i > 0 && tokens.get(i - 1).isWord("distinct"))) {
        items(tokens, i + 1, true, defined, reads);
      } else if (t.isWord("join")) {
        items(tokens, i + 1, false, defined, reads);
      }
    }
    return reads.stream().distinct().toList();
  }

  /** Reads the FROM items starting at {@code start}: all of a comma list, or just one. */
  private static void items(
      List<Token> tokens, int start, boolean list, Set<String> defined, List<QualifiedName> out) {
    int i = start;
    while (i >= 0 && i < tokens.size()) {
      while (i < tokens.size()
          && (tokens.get(i).isWord("only") || tokens.get(i).isWord("lateral"))) {
        i++;
      }
      if (i < tokens.size() && tokens.get(i).isIdentifier() && !tokens.get(i).isWord("select")) {
        List<String> parts = new ArrayList<>(List.of(tokens.get(i).value()));
        i++;
        while (i + 1 < tokens.size()
            && tokens.get(i).isPunctuation('.')
            && tokens.get(i + 1).isIdentifier()) {
          parts.add(tokens.get(i + 1).value());
          i += 2;
        }
        boolean function = i < tokens.size() && tokens.get(i).isPunctuation('(');
        boolean cte = parts.size() == 1 && defined.contains(parts.get(0));
        if (!function && !cte) {
          out.add(
              parts.size() == 1
                  ? QualifiedName.unqualified(parts.get(0))
                  : new QualifiedName(parts.get(parts.size() - 2), parts.get(parts.size() - 1)));
        }
      }
      i = list ? nextItem(tokens, i) : -1;
      if (i < 0) {
        return;
      }
    }
  }

  /**
   * Where the next item of a FROM list starts, after the comma that ends this one (joins in between
   * are read where their JOIN stands); -1 when the FROM clause ends first.
   */
  private static int nextItem(List<Token> tokens, int from) {
    int depth = 0;
    for (int i = from; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.isPunctuation('(')) {
        depth++;
      } else if (t.isPunctuation(')')) {
        if (depth == 0) {
          return -1;
        }
        depth--;
      } else if (depth == 0 && t.isPunctuation(',')) {
        return i + 1;
      } else if (depth == 0 && t.type() == TokenType.WORD && FROM_END.contains(t.value())) {
        return -1;
      }
    }
    return -1;
  }

  /** Names defined by WITH: {@code name [(columns)] AS [NOT] [MATERIALIZED] (}. */
  private static Set<String> withNames(List<Token> tokens) {
    Set<String> names = new HashSet<>();
    for (int i = 1; i + 1 < tokens.size(); i++) {
      Token before = tokens.get(i - 1);
      boolean listed =
          before.isWord("with") || before.isWord("recursive") || before.isPunctuation(',');
      if (!listed || !tokens.get(i).isIdentifier()) {
        continue;
      }
      int j = i + 1;
      if (tokens.get(j).isPunctuation('(')) {
        j = closing(tokens, j) + 1;
      }
      if (j >= tokens.size() || !tokens.get(j).isWord("as")) {
        continue;
      }
      j++;
      while (j < tokens.size()
          && (tokens.get(j).isWord("not") || tokens.get(j).isWord("materialized"))) {
        j++;
      }
      if (j < tokens.size() && tokens.get(j).isPunctuation('(')) {
        names.add(tokens.get(i).value());
      }
    }
    return names;
  }

  private static int closing(List<Token> tokens, int open) {
    int depth = 0;
    for (int i = open; i < tokens.size(); i++) {
      if (tokens.get(i).isPunctuation('(')) {
        depth++;
      } else if (tokens.get(i).isPunctuation(')') && --depth == 0) {
        return i;
      }
    }
    return tokens.size();
  }
}
