package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.RuleInfo;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.VersionRange;
import dev.migrationbot.analyzer.sql.ColumnDef;

/** A new timestamp without time zone column, where timestamptz is what is wanted. */
public final class PreferTimestamptz implements Rule {

  static final RuleInfo INFO =
      new RuleInfo(
          "prefer-timestamptz",
          "MB110",
          Severity.INFO,
          "New column of type timestamp without time zone; use timestamptz.",
          "timestamp without time zone stores a wall-clock reading with no zone: the same value"
              + " means different instants for clients in different time zones, values are"
              + " ambiguous around daylight-saving changes, and comparing them with now() depends"
              + " on the session's TimeZone. timestamptz stores an instant (in UTC) and converts on"
              + " input and output, at the same 8 bytes. Converting a column later rewrites the"
              + " table unless the session TimeZone is UTC.",
          "ALTER TABLE <table> ADD COLUMN <column> timestamptz;",
          VersionRange.ALL);

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public void check(StatementContext context) {
    for (ColumnDef column : NewColumns.of(context.statement())) {
      if (!column.type().name().equals("timestamp without time zone")) {
        continue;
      }
      String timestamptz =
          "timestamptz"
              + (column.type().modifiers().isEmpty()
                  ? ""
                  : "(" + column.type().modifiers().get(0) + ")")
              + "[]".repeat(column.type().arrayDimensions());
      context.report(
          "Column "
              + column.name()
              + " is timestamp without time zone: it stores a wall-clock reading that means"
              + " different instants in different time zones; timestamptz stores the instant.",
          SafeSql.withColumnType(context.source(), column, timestamptz)
              .orElse(
                  "-- declare "
                      + RuleSupport.quote(column.name())
                      + " "
                      + timestamptz
                      + " instead"));
    }
  }
}
