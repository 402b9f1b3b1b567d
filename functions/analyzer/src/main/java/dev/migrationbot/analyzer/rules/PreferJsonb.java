package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.RuleInfo;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.VersionRange;
import dev.migrationbot.analyzer.sql.ColumnDef;

/** A new json column, where jsonb is what is wanted. */
public final class PreferJsonb implements Rule {

  static final RuleInfo INFO =
      new RuleInfo(
          "prefer-jsonb",
          "MB109",
          Severity.INFO,
          "New column of type json; use jsonb.",
          "json keeps the text exactly as written and parses it again on every access. It has no"
              + " equality operator, so a json column cannot be used in DISTINCT, GROUP BY, UNION"
              + " or a UNIQUE constraint, and it cannot be indexed with GIN. jsonb stores the"
              + " parsed value: it is faster to query, can be indexed and compared. Switching an"
              + " existing column later means a table rewrite.",
          "ALTER TABLE <table> ADD COLUMN <column> jsonb;",
          VersionRange.ALL);

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public void check(StatementContext context) {
    for (ColumnDef column : NewColumns.of(context.statement())) {
      if (!column.type().name().equals("json")) {
        continue;
      }
      String jsonb = "jsonb" + "[]".repeat(column.type().arrayDimensions());
      context.report(
          "Column "
              + column.name()
              + " is json: it is re-parsed on every access, has no equality operator (no"
              + " DISTINCT, GROUP BY or UNIQUE) and no GIN index; jsonb has all of these.",
          SafeSql.withColumnType(context.source(), column, jsonb)
              .orElse("-- declare " + RuleSupport.quote(column.name()) + " " + jsonb + " instead"));
    }
  }
}
