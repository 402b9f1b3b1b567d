package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.QualifiedName;
import dev.migrationbot.analyzer.RuleInfo;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.VersionRange;
import dev.migrationbot.analyzer.schema.Table;
import dev.migrationbot.analyzer.sql.SourceStatement;
import dev.migrationbot.analyzer.sql.Stmt;
import dev.migrationbot.analyzer.sql.Token;
import java.util.List;

/**
 * PostgreSQL cannot build an index concurrently on a partitioned table; the index is built on each
 * partition and attached to an index created on the parent alone.
 */
public final class ConcurrentlyOnPartitionedTable implements Rule {

  static final RuleInfo INFO =
      new RuleInfo(
          "concurrently-on-partitioned-table",
          "MB303",
          Severity.ERROR,
          "CREATE INDEX CONCURRENTLY on a partitioned table.",
          "PostgreSQL refuses to build an index concurrently on a partitioned table (\"cannot"
              + " create index on partitioned table concurrently\"), so the migration fails at"
              + " deploy time; dropping CONCURRENTLY would instead hold SHARE on the parent and"
              + " every partition, blocking their writes for the whole build. The safe way"
              + " creates the parent's index ON ONLY the parent (invalid, metadata only), builds"
              + " each partition's index concurrently and attaches it; the parent's index becomes"
              + " valid when the last partition's index is attached.",
          "CREATE INDEX <index> ON ONLY <parent> (<columns>);\n"
              + "-- for each partition, outside a transaction block:\n"
              + "CREATE INDEX CONCURRENTLY <partition_index> ON <partition> (<columns>);\n"
              + "ALTER INDEX <index> ATTACH PARTITION <partition_index>;",
          VersionRange.ALL);

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public void check(StatementContext context) {
    if (!(context.statement() instanceof Stmt.CreateIndex index)
        || !index.concurrently()
        || !context.table(index.table()).map(Table::partitioned).orElse(false)) {
      return;
    }
    QualifiedName parentIndex =
        index
            .name()
            .orElse(
                index
                    .table()
                    .sibling(
                        index.table().name() + "_" + String.join("_", index.columns()) + "_idx"));
    String definition = definition(context.source());
    String unique = index.unique() ? "UNIQUE " : "";
    String createIndex = unique + "INDEX " + (index.ifNotExists() ? "IF NOT EXISTS " : "");
    StringBuilder steps =
        new StringBuilder("-- the parent's index alone: invalid until every partition has one\n")
            .append("CREATE ")
            .append(createIndex)
            .append(RuleSupport.quote(parentIndex.name()))
            .append(" ON ONLY ")
            .append(index.table().sql())
            .append(' ')
            .append(definition)
            .append(";\n-- each partition's index, outside a transaction block, then attached:");
    if (partitions(context, index.table()).isEmpty()) {
      steps
          .append("\nCREATE ")
          .append(unique)
          .append("INDEX CONCURRENTLY <partition_index> ON <partition> ")
          .append(definition)
          .append(";\nALTER INDEX ")
          .append(parentIndex.sql())
          .append(" ATTACH PARTITION <partition_index>;");
    }
    attachPartitions(context, steps, parentIndex, index.table(), createIndex, definition);
    context.report(
        "CREATE INDEX CONCURRENTLY on partitioned table "
            + index.table()
            + ": PostgreSQL refuses it (\"cannot create index on partitioned table concurrently\")"
            + " and the migration fails at deploy time.",
        steps.toString());
  }

  /**
   * Builds each partition's index and attaches it to the parent's; a partition that is itself
   * partitioned gets an index ON ONLY it, filled the same way.
   */
  private static void attachPartitions(
      StatementContext context,
      StringBuilder steps,
      QualifiedName parentIndex,
      QualifiedName parent,
      String createIndex,
      String definition) {
    for (QualifiedName partition : partitions(context, parent)) {
      QualifiedName partitionIndex =
          partition.sibling(partition.name() + suffix(parentIndex.name(), parent.name()));
      boolean partitioned = context.table(partition).map(Table::partitioned).orElse(false);
      steps
          .append("\nCREATE ")
          .append(partitioned ? createIndex : createIndex.replace("INDEX ", "INDEX CONCURRENTLY "))
          .append(RuleSupport.quote(partitionIndex.name()))
          .append(partitioned ? " ON ONLY " : " ON ")
          .append(partition.sql())
          .append(' ')
          .append(definition)
          .append(';');
      if (partitioned) {
        attachPartitions(context, steps, partitionIndex, partition, createIndex, definition);
      }
      steps
          .append("\nALTER INDEX ")
          .append(parentIndex.sql())
          .append(" ATTACH PARTITION ")
          .append(partitionIndex.sql())
          .append(';');
    }
  }

  /** The direct partitions, in the order the schema knows them. */
  private static List<QualifiedName> partitions(StatementContext context, QualifiedName table) {
    return context.table(table).map(t -> List.copyOf(t.children())).orElse(List.of());
  }

  /** "_kind_idx" for index events_kind_idx on events, so partitions get events_2024_kind_idx. */
  private static String suffix(String index, String table) {
    return index.startsWith(table + "_") ? index.substring(table.length()) : "_" + index;
  }

  /** What follows the table name: USING, the keys, INCLUDE, WITH, WHERE ... as written. */
  private static String definition(SourceStatement source) {
    List<Token> tokens = source.tokens();
    int on = SafeSql.topLevelWord(source, "on");
    int i = on + 1;
    if (tokens.get(i).isWord("only")) {
      i++;
    }
    i++;
    while (i + 1 < tokens.size() && tokens.get(i).isPunctuation('.')) {
      i += 2;
    }
    return SafeSql.from(source, i);
  }
}
