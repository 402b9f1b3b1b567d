package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.RuleInfo;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.VersionRange;
import dev.migrationbot.analyzer.sql.ColumnDef;
import dev.migrationbot.analyzer.sql.Stmt;
import dev.migrationbot.analyzer.sql.TableConstraint;
import java.util.List;
import java.util.Set;

/** A new integer (or smallint) key column: it runs out, and widening it is a table rewrite. */
public final class PreferBigintKey implements Rule {

  static final RuleInfo INFO =
      new RuleInfo(
          "prefer-bigint-key",
          "MB111",
          Severity.INFO,
          "New integer or serial primary key or identity column; use bigint.",
          "An integer key runs out at 2,147,483,647 (smallint at 32,767), and sequences skip"
              + " values on rollbacks and restarts, so busy tables get there sooner than their row"
              + " count suggests. Widening the key then means rewriting the table and every table"
              + " whose foreign keys reference it, under ACCESS EXCLUSIVE. bigint costs 4 more"
              + " bytes per row and never runs out.",
          "CREATE TABLE <table> (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, ...);",
          VersionRange.ALL);

  private static final Set<String> SMALL_INTEGERS = Set.of("integer", "smallint");

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public void check(StatementContext context) {
    List<String> tableKey =
        context.statement() instanceof Stmt.CreateTable create
            ? create.constraints().stream()
                .filter(c -> c.kind() == TableConstraint.Kind.PRIMARY_KEY)
                .map(TableConstraint::columns)
                .findFirst()
                .orElse(List.of())
            : List.of();
    for (ColumnDef column : NewColumns.of(context.statement())) {
      if (column.type().isArray()) {
        continue;
      }
      String type = column.type().name();
      boolean serial = type.equals("serial") || type.equals("smallserial");
      boolean key =
          column.identity()
              || column.hasConstraint(TableConstraint.Kind.PRIMARY_KEY)
              || tableKey.equals(List.of(column.name()));
      if (!serial && !(key && SMALL_INTEGERS.contains(type))) {
        continue;
      }
      String wider = serial ? "bigserial" : "bigint";
      String what =
          serial
              ? "Column " + column.name() + " is " + type
              : (column.identity() ? "Identity column " : "Primary key column ")
                  + column.name()
                  + " is "
                  + column.type().sql();
      context.report(
          what
              + ": it runs out at "
              + (type.startsWith("small") ? "32,767" : "2,147,483,647")
              + ", and widening it later rewrites the table and the tables that reference it;"
              + " use "
              + wider
              + ".",
          SafeSql.withColumnType(context.source(), column, wider)
              .orElse("-- declare " + RuleSupport.quote(column.name()) + " " + wider + " instead"));
    }
  }
}
