package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.LockMode;
import dev.migrationbot.analyzer.QualifiedName;
import dev.migrationbot.analyzer.RuleInfo;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.VersionRange;
import dev.migrationbot.analyzer.schema.Column;
import dev.migrationbot.analyzer.schema.Table;
import dev.migrationbot.analyzer.sql.AlterAction;
import dev.migrationbot.analyzer.sql.ColumnDef;
import dev.migrationbot.analyzer.sql.TableConstraint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ADD UNIQUE / PRIMARY KEY builds its index under ACCESS EXCLUSIVE unless USING INDEX. */
public final class AddingUniqueWithoutIndex implements Rule {

  static final RuleInfo INFO =
      new RuleInfo(
          "adding-unique-without-index",
          "MB204",
          Severity.ERROR,
          "ADD UNIQUE or PRIMARY KEY on an existing table without USING INDEX.",
          "Adding a UNIQUE or PRIMARY KEY constraint builds its unique index while holding ACCESS"
              + " EXCLUSIVE on the table: every read and write waits for the whole build, and the"
              + " statement fails at the end if the data holds duplicates. A PRIMARY KEY also sets"
              + " its columns NOT NULL, scanning the table. Build the index first with CREATE"
              + " UNIQUE INDEX CONCURRENTLY (writes go on), then attach it with ADD CONSTRAINT ..."
              + " USING INDEX, which is instant. For a primary key, make the columns NOT NULL"
              + " first, or USING INDEX scans them under ACCESS EXCLUSIVE. A partitioned table"
              + " allows neither: give each partition its own constraint that way, and the"
              + " parent's constraint attaches them instead of building indexes.",
          "CREATE UNIQUE INDEX CONCURRENTLY <name> ON <table> (<columns>);\n"
              + "ALTER TABLE <table> ADD CONSTRAINT <name> UNIQUE USING INDEX <name>;",
          VersionRange.ALL);

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public void check(StatementContext context) {
    RuleSupport.alterOfExistingTable(context)
        .ifPresent(
            alter -> {
              for (AlterAction action : alter.actions()) {
                if (action instanceof AlterAction.AddConstraint add
                    && buildsIndex(add.constraint())
                    && !attachesPartitionConstraints(context, alter.table(), add.constraint())) {
                  report(context, alter.table(), add.constraint(), Optional.empty());
                } else if (action instanceof AlterAction.AddColumn add) {
                  for (TableConstraint c : add.column().constraints()) {
                    if (buildsIndex(c)) {
                      report(context, alter.table(), c, Optional.of(add.column()));
                    }
                  }
                }
              }
            });
  }

  private static boolean buildsIndex(TableConstraint c) {
    return (c.kind() == TableConstraint.Kind.UNIQUE || c.kind() == TableConstraint.Kind.PRIMARY_KEY)
        && c.usingIndex().isEmpty();
  }

  private static boolean partitioned(StatementContext context, QualifiedName table) {
    return context.table(table).map(Table::partitioned).orElse(false);
  }

  /** The known partitions of a partitioned table that hold rows (not partitioned themselves). */
  private static List<QualifiedName> leaves(StatementContext context, QualifiedName table) {
    if (!partitioned(context, table)) {
      return List.of();
    }
    return context.schema().withDescendants(table).stream()
        .filter(p -> !context.table(p).map(Table::partitioned).orElse(false))
        .toList();
  }

  private static boolean hasSameConstraint(
      StatementContext context, QualifiedName partition, TableConstraint c) {
    return context
        .table(partition)
        .map(
            t ->
                t.constraints().stream()
                    .anyMatch(x -> x.kind() == c.kind() && x.columns().equals(c.columns())))
        .orElse(false);
  }

  /**
   * On a partitioned table whose every partition already has the same constraint, PostgreSQL
   * attaches those instead of building indexes.
   */
  private static boolean attachesPartitionConstraints(
      StatementContext context, QualifiedName table, TableConstraint c) {
    List<QualifiedName> leaves = leaves(context, table);
    return !leaves.isEmpty() && leaves.stream().allMatch(p -> hasSameConstraint(context, p, c));
  }

  /**
   * @param inline the ADD COLUMN that declares the constraint inline, if it does
   */
  private static void report(
      StatementContext context,
      QualifiedName table,
      TableConstraint c,
      Optional<ColumnDef> inline) {
    boolean primaryKey = c.kind() == TableConstraint.Kind.PRIMARY_KEY;
    String kind = primaryKey ? "PRIMARY KEY" : "UNIQUE";
    String name =
        c.name()
            .orElse(
                primaryKey
                    ? table.name() + "_pkey"
                    : table.name() + "_" + String.join("_", c.columns()) + "_key");
    List<String> nullable =
        primaryKey ? nullableColumns(context.table(table), c.columns(), inline) : List.of();
    boolean partitioned = partitioned(context, table);
    List<QualifiedName> leaves = leaves(context, table);
    StringBuilder message =
        new StringBuilder("ADD ")
            .append(
                inline
                    .map(column -> "COLUMN " + column.name() + " ... " + kind)
                    .orElse(
                        "CONSTRAINT "
                            + name
                            + " "
                            + kind
                            + " ("
                            + String.join(", ", c.columns())
                            + ")"))
            .append(
                partitioned
                    ? " builds a unique index on every partition of "
                    : " builds its unique index on ")
            .append(table)
            .append(context.sizeNote(table));
    if (!partitioned) {
      message.append(" under ACCESS EXCLUSIVE: reads and writes wait for the whole build");
    } else {
      LockMode onPartitions =
          leaves.stream()
              .findFirst()
              .flatMap(context.facts()::lockOn)
              .orElse(context.pgMajor() >= 18 ? LockMode.ACCESS_EXCLUSIVE : LockMode.SHARE);
      message
          .append(", holding ACCESS EXCLUSIVE on ")
          .append(table)
          .append(" (reads and writes wait) and ")
          .append(onPartitions.displayName())
          .append(" on each partition (")
          .append(RuleSupport.blocked(onPartitions))
          .append(" wait) for the whole build");
    }
    message.append(", and it fails if the data holds duplicates.");
    if (!nullable.isEmpty()) {
      message
          .append(" It also sets ")
          .append(String.join(", ", nullable))
          .append(" NOT NULL, scanning the table.");
    }
    StringBuilder safe = new StringBuilder();
    inline.ifPresent(
        column -> safe.append(SafeSql.without(context.source(), c.sql())).append(";\n"));
    for (String column : nullable) {
      safe.append("-- ")
          .append(kind)
          .append(" needs ")
          .append(column)
          .append(" NOT NULL; without it USING INDEX scans under ACCESS EXCLUSIVE:\n")
          .append(SafeSql.notNullSteps(table, column, context.pgMajor()))
          .append('\n');
    }
    if (!partitioned) {
      appendIndexThenConstraint(safe, table.sql(), RuleSupport.quote(name), kind, c);
    } else {
      safe.append(
          "-- CONCURRENTLY and USING INDEX do not work on a partitioned table: give each partition"
              + " its constraint\n");
      if (leaves.isEmpty()) {
        appendIndexThenConstraint(safe, "<partition>", "<partition>_" + name, kind, c);
      }
      for (QualifiedName leaf : leaves) {
        if (!hasSameConstraint(context, leaf, c)) {
          String leafName =
              primaryKey
                  ? leaf.name() + "_pkey"
                  : leaf.name() + "_" + String.join("_", c.columns()) + "_key";
          appendIndexThenConstraint(safe, leaf.sql(), RuleSupport.quote(leafName), kind, c);
        }
      }
      safe.append(
              "-- then the parent's constraint attaches the partitions' instead of building"
                  + " indexes:\n")
          .append(
              inline.isPresent()
                  ? "ALTER TABLE "
                      + table.sql()
                      + " ADD CONSTRAINT "
                      + RuleSupport.quote(name)
                      + " "
                      + kind
                      + " ("
                      + RuleSupport.columns(c.columns())
                      + ")"
                  : context.source().text())
          .append(';');
    }
    context.report(message.toString(), safe.toString().strip());
  }

  /** The columns of a new primary key that are not known to be NOT NULL already. */
  private static List<String> nullableColumns(
      Optional<Table> table, List<String> columns, Optional<ColumnDef> inline) {
    List<String> nullable = new ArrayList<>();
    for (String column : columns) {
      boolean notNull =
          inline.isPresent()
              ? inline.get().notNull()
              : table.flatMap(t -> t.column(column)).map(Column::notNull).orElse(false);
      if (!notNull) {
        nullable.add(column);
      }
    }
    return nullable;
  }

  private static final Pattern INCLUDE = Pattern.compile("(?i)\\binclude\\s*\\([^)]*\\)");
  private static final Pattern WITH = Pattern.compile("(?i)\\bwith\\s*\\([^)]*\\)");
  private static final Pattern TABLESPACE =
      Pattern.compile("(?i)\\busing\\s+index\\s+tablespace\\s+(\\S+)");
  private static final Pattern NULLS_NOT_DISTINCT =
      Pattern.compile("(?i)\\bnulls\\s+not\\s+distinct\\b");
  private static final Pattern DEFERRAL =
      Pattern.compile(
          "(?i)\\b((?:not\\s+)?deferrable(?:\\s+initially\\s+(?:deferred|immediate))?"
              + "|initially\\s+(?:deferred|immediate))");

  /**
   * CREATE UNIQUE INDEX CONCURRENTLY with the constraint's index options, then the constraint USING
   * that index (which takes the constraint's name) with its deferral options.
   */
  private static void appendIndexThenConstraint(
      StringBuilder out, String table, String index, String kind, TableConstraint c) {
    String sql = c.sql();
    out.append("CREATE UNIQUE INDEX CONCURRENTLY ")
        .append(index)
        .append(" ON ")
        .append(table)
        .append(" (")
        .append(RuleSupport.columns(c.columns()))
        .append(')');
    find(INCLUDE, sql).ifPresent(m -> out.append(' ').append(m.group()));
    if (NULLS_NOT_DISTINCT.matcher(sql).find()) {
      out.append(" NULLS NOT DISTINCT");
    }
    find(WITH, sql).ifPresent(m -> out.append(' ').append(m.group()));
    find(TABLESPACE, sql).ifPresent(m -> out.append(" TABLESPACE ").append(m.group(1)));
    out.append(";\nALTER TABLE ")
        .append(table)
        .append(" ADD CONSTRAINT ")
        .append(index)
        .append(' ')
        .append(kind)
        .append(" USING INDEX ")
        .append(index);
    find(DEFERRAL, sql).ifPresent(m -> out.append(' ').append(m.group(1)));
    out.append(";\n");
  }

  private static Optional<Matcher> find(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    return m.find() ? Optional.of(m) : Optional.empty();
  }
}
