package dev.migrationbot.analyzer.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * A SQL expression kept as written: its text for reports and rewrites, its tokens for the few
 * questions the analyzer asks of it (which functions does it call?).
 */
public record Expression(String sql, List<Token> tokens) {

  public Expression {
    tokens = List.copyOf(tokens);
  }

  /**
   * The functions the expression calls, lower-cased and without schema, including the SQL
   * standard's parameterless forms such as {@code CURRENT_TIMESTAMP}.
   */
  public List<String> functionCalls() {
    List<String> calls = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.type() != TokenType.WORD && t.type() != TokenType.QUOTED_IDENTIFIER) {
        continue;
      }
      boolean called = i + 1 < tokens.size() && tokens.get(i + 1).isPunctuation('(');
      boolean qualifier = i + 1 < tokens.size() && tokens.get(i + 1).isPunctuation('.');
      boolean castTarget = i > 0 && tokens.get(i - 1).isOperator("::");
      if (called && !qualifier && !castTarget && !isKeywordWithParentheses(t)) {
        calls.add(t.value());
      } else if (t.type() == TokenType.WORD && SQL_VALUE_FUNCTIONS.contains(t.value())) {
        calls.add(t.value());
      }
    }
    return calls;
  }

  private static boolean isKeywordWithParentheses(Token t) {
    return t.type() == TokenType.WORD && PARENTHESISED_KEYWORDS.contains(t.value());
  }

  private static final java.util.Set<String> PARENTHESISED_KEYWORDS =
      java.util.Set.of(
          "in",
          "exists",
          "any",
          "all",
          "some",
          "array",
          "row",
          "values",
          "and",
          "or",
          "not",
          "when",
          "then",
          "else",
          "case",
          "select",
          "cast",
          "using",
          "filter",
          "over",
          "is",
          "between",
          "like",
          "ilike",
          "similar",
          "as",
          "on",
          "from",
          "where",
          "with",
          "distinct",
          "varchar",
          "char",
          "character",
          "numeric",
          "decimal",
          "timestamp",
          "time",
          "interval",
          "bit",
          "varbit",
          "float",
          "precision",
          "coalesce",
          "nullif",
          "greatest",
          "least",
          "extract",
          "overlay",
          "position",
          "trim",
          "grouping",
          "treat",
          "collation",
          "xmlelement",
          "xmlforest",
          "xmlconcat",
          "xmlparse",
          "xmlpi",
          "xmlroot",
          "xmlserialize",
          "json",
          "json_object",
          "json_array",
          "json_scalar",
          "json_serialize");

  private static final java.util.Set<String> SQL_VALUE_FUNCTIONS =
      java.util.Set.of(
          "current_timestamp",
          "current_date",
          "current_time",
          "localtime",
          "localtimestamp",
          "current_user",
          "current_role",
          "session_user",
          "user",
          "current_schema",
          "current_catalog",
          "system_user");
}
