package dev.migrationbot.analyzer;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Quoting of SQL identifiers the way PostgreSQL's {@code quote_ident} does it. */
public final class Identifiers {

  private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_$]*");

  /** Reserved key words (PostgreSQL appendix "SQL Key Words", column "PostgreSQL": reserved). */
  private static final Set<String> RESERVED =
      Set.of(
          "all",
          "analyse",
          "analyze",
          "and",
          "any",
          "array",
          "as",
          "asc",
          "asymmetric",
          "both",
          "case",
          "cast",
          "check",
          "collate",
          "column",
          "constraint",
          "create",
          "current_catalog",
          "current_date",
          "current_role",
          "current_time",
          "current_timestamp",
          "current_user",
          "default",
          "deferrable",
          "desc",
          "distinct",
          "do",
          "else",
          "end",
          "except",
          "false",
          "fetch",
          "for",
          "foreign",
          "from",
          "grant",
          "group",
          "having",
          "in",
          "initially",
          "intersect",
          "into",
          "lateral",
          "leading",
          "limit",
          "localtime",
          "localtimestamp",
          "not",
          "null",
          "offset",
          "on",
          "only",
          "or",
          "order",
          "placing",
          "primary",
          "references",
          "returning",
          "select",
          "session_user",
          "some",
          "symmetric",
          "system_user",
          "table",
          "then",
          "to",
          "trailing",
          "true",
          "union",
          "unique",
          "user",
          "using",
          "variadic",
          "when",
          "where",
          "window",
          "with");

  private Identifiers() {}

  /** Quotes an identifier unless it is a plain lower-case name that is not reserved. */
  public static String quote(String identifier) {
    if (PLAIN.matcher(identifier).matches() && !RESERVED.contains(identifier)) {
      return identifier;
    }
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /** Folds an unquoted identifier as PostgreSQL does (ASCII lower case). */
  public static String fold(String unquoted) {
    return unquoted.toLowerCase(Locale.ROOT);
  }
}
