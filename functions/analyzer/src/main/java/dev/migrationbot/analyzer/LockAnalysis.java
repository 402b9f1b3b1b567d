package dev.migrationbot.analyzer;

import static dev.migrationbot.analyzer.LockMode.ACCESS_EXCLUSIVE;
import static dev.migrationbot.analyzer.LockMode.ACCESS_SHARE;
import static dev.migrationbot.analyzer.LockMode.EXCLUSIVE;
import static dev.migrationbot.analyzer.LockMode.ROW_EXCLUSIVE;
import static dev.migrationbot.analyzer.LockMode.ROW_SHARE;
import static dev.migrationbot.analyzer.LockMode.SHARE;
import static dev.migrationbot.analyzer.LockMode.SHARE_ROW_EXCLUSIVE;
import static dev.migrationbot.analyzer.LockMode.SHARE_UPDATE_EXCLUSIVE;

import dev.migrationbot.analyzer.schema.Column;
import dev.migrationbot.analyzer.schema.Constraint;
import dev.migrationbot.analyzer.schema.Index;
import dev.migrationbot.analyzer.schema.Origin;
import dev.migrationbot.analyzer.schema.SchemaState;
import dev.migrationbot.analyzer.schema.Table;
import dev.migrationbot.analyzer.sql.AlterAction;
import dev.migrationbot.analyzer.sql.ColumnDef;
import dev.migrationbot.analyzer.sql.ObjectKind;
import dev.migrationbot.analyzer.sql.Stmt;
import dev.migrationbot.analyzer.sql.TableConstraint;
import java.util.List;
import java.util.Optional;

/**
 * The locks and effects of each statement, per PostgreSQL major, following the manual's ALTER
 * TABLE, CREATE INDEX, REINDEX and explicit-locking chapters and the server's own lock levels
 * (tablecmds.c {@code AlterTableGetLockLevel}). The trace test checks every claim against {@code
 * pg_locks} and {@code relfilenode} of real servers.
 *
 * <p>Claims are made on relations that exist before the statement; tables the migration created are
 * empty and nobody waits on them, so they are left out.
 */
final class LockAnalysis {

  private final SchemaState schema;
  private final int pgMajor;

  LockAnalysis(SchemaState schema, int pgMajor) {
    this.schema = schema;
    this.pgMajor = pgMajor;
  }

  StatementFacts facts(Stmt stmt) {
    StatementFacts.Builder b = new StatementFacts.Builder(this::createdByTheMigration);
    if (stmt instanceof Stmt.AlterTable alter) {
      alterTable(alter, b);
    } else if (stmt instanceof Stmt.CreateIndex index) {
      if (index.concurrently() && partitioned(index.table())) {
        // DefineIndex: "cannot create index on partitioned table ... concurrently", every major
        return StatementFacts.none(StatementFacts.Claim.REFUSED);
      }
      createIndex(index, b);
    } else if (stmt instanceof Stmt.CreateTable create) {
      createTable(create, b);
    } else if (stmt instanceof Stmt.Drop drop) {
      drop(drop, b);
    } else if (stmt instanceof Stmt.Reindex reindex) {
      reindex(reindex, b);
    } else if (stmt instanceof Stmt.Truncate truncate) {
      truncated(truncate).forEach(t -> lock(b, t, ACCESS_EXCLUSIVE).effect(t, Effect.REWRITE));
      b.phase(Phase.CONTRACT);
    } else if (stmt instanceof Stmt.Vacuum vacuum) {
      b.noTransaction();
      for (QualifiedName t : vacuum.tables()) {
        if (vacuum.full()) {
          lock(b, t, ACCESS_EXCLUSIVE).effect(t, Effect.REWRITE);
        } else {
          lock(b, t, SHARE_UPDATE_EXCLUSIVE).effect(t, Effect.SCAN);
        }
      }
    } else if (stmt instanceof Stmt.Analyze analyze) {
      analyze.tables().forEach(t -> lock(b, t, SHARE_UPDATE_EXCLUSIVE).effect(t, Effect.SCAN));
    } else if (stmt instanceof Stmt.Cluster cluster) {
      if (cluster.table().isEmpty()) {
        b.noTransaction(); // every clustered table, one transaction each (cluster.c)
      }
      cluster.table().ifPresent(t -> lock(b, t, ACCESS_EXCLUSIVE).effect(t, Effect.REWRITE));
    } else if (stmt instanceof Stmt.RefreshMaterializedView refresh) {
      QualifiedName v = refresh.view();
      lock(b, v, refresh.concurrently() ? EXCLUSIVE : ACCESS_EXCLUSIVE)
          .effect(v, refresh.concurrently() ? Effect.SCAN : Effect.REWRITE);
      schema.reads(v).forEach(r -> lock(b, r, ACCESS_SHARE));
    } else if (stmt instanceof Stmt.CreateView view) {
      view.reads().forEach(r -> lock(b, r, ACCESS_SHARE));
      b.phase(Phase.EXPAND);
    } else if (stmt instanceof Stmt.LockTable lockTable) {
      for (QualifiedName t : lockTable.tables()) {
        List<QualifiedName> locked =
            lockTable.only().contains(t) ? List.of(t) : schema.withDescendants(t);
        locked.forEach(x -> lock(b, x, lockTable.mode()));
      }
    } else if (stmt instanceof Stmt.CreateTrigger trigger) {
      // a row-level trigger on a partitioned table is cloned onto every partition
      List<QualifiedName> tables =
          trigger.forEachRow() ? schema.withDescendants(trigger.table()) : List.of(trigger.table());
      tables.forEach(t -> lock(b, t, SHARE_ROW_EXCLUSIVE).effect(t, Effect.METADATA_ONLY));
      b.phase(Phase.EXPAND);
    } else if (stmt instanceof Stmt.TableObject object) {
      lock(b, object.table(), ACCESS_EXCLUSIVE).effect(object.table(), Effect.METADATA_ONLY);
      b.phase(object.verb().equals("drop") ? Phase.CONTRACT : Phase.EXPAND);
    } else if (stmt instanceof Stmt.CreateStatistics statistics) {
      lock(b, statistics.table(), SHARE_UPDATE_EXCLUSIVE)
          .effect(statistics.table(), Effect.METADATA_ONLY);
    } else if (stmt instanceof Stmt.Comment comment) {
      commentOn(comment, b);
    } else if (stmt instanceof Stmt.Update update) {
      lock(b, update.table(), ROW_EXCLUSIVE);
      b.phase(Phase.BACKFILL);
    } else if (stmt instanceof Stmt.Delete delete) {
      lock(b, delete.table(), ROW_EXCLUSIVE);
      b.phase(Phase.BACKFILL);
    } else if (stmt instanceof Stmt.Insert insert) {
      lock(b, insert.table(), ROW_EXCLUSIVE);
      b.phase(Phase.BACKFILL);
    } else if (stmt instanceof Stmt.Merge merge) {
      lock(b, merge.table(), ROW_EXCLUSIVE);
      b.phase(Phase.BACKFILL);
    } else if (stmt instanceof Stmt.Copy copy) {
      lock(b, copy.table(), copy.from() ? ROW_EXCLUSIVE : ACCESS_SHARE);
      if (copy.from()) {
        b.phase(Phase.BACKFILL);
      }
    } else if (stmt instanceof Stmt.AlterType type) {
      if (type.addValue() && pgMajor < 12) {
        b.noTransaction();
      }
      b.phase(Phase.EXPAND);
    } else if (stmt instanceof Stmt.AlterDomain domain) {
      alterDomain(domain, b);
    } else if (stmt instanceof Stmt.CreateDomain || stmt instanceof Stmt.Grant) {
      b.phase(Phase.EXPAND);
    } else if (stmt instanceof Stmt.Harmless harmless) {
      return harmless.kind().startsWith("create-")
          ? new StatementFacts(
              StatementFacts.Claim.HARMLESS,
              java.util.List.of(),
              java.util.List.of(),
              false,
              Optional.of(Phase.EXPAND))
          : StatementFacts.none(StatementFacts.Claim.HARMLESS);
    } else if (stmt instanceof Stmt.SetVariable
        || stmt instanceof Stmt.ResetVariable
        || stmt instanceof Stmt.TransactionControl
        || stmt instanceof Stmt.PsqlMeta) {
      return StatementFacts.none(StatementFacts.Claim.HARMLESS);
    } else {
      return StatementFacts.none(StatementFacts.Claim.UNRECOGNIZED);
    }
    return b.build();
  }

  // ---------------------------------------------------------------- ALTER TABLE

  private void alterTable(Stmt.AlterTable alter, StatementFacts.Builder b) {
    QualifiedName t = alter.table();
    if (alter.relationKind() == Stmt.RelationKind.INDEX) {
      alterIndex(alter, b);
      return;
    }
    for (AlterAction action : alter.actions()) {
      List<QualifiedName> targets =
          alter.only() || !recurses(action) ? List.of(t) : schema.withDescendants(t);
      for (QualifiedName target : targets) {
        if (!target.equals(t)
            && action instanceof AlterAction.AddConstraint add
            && buildsIndex(add.constraint())) {
          indexConstraintOnPartition(target, add.constraint(), schema.table(t), b);
        } else {
          alterAction(target, schema.table(target), action, b);
        }
      }
    }
  }

  private static boolean buildsIndex(TableConstraint c) {
    return c.usingIndex().isEmpty()
        && (c.kind() == TableConstraint.Kind.UNIQUE
            || c.kind() == TableConstraint.Kind.PRIMARY_KEY
            || c.kind() == TableConstraint.Kind.EXCLUDE);
  }

  /**
   * A UNIQUE, PRIMARY KEY or EXCLUDE constraint on a partitioned table builds the index of each
   * partition under SHARE (DefineIndex), unless a primary key first has to set nullable columns NOT
   * NULL, which recurses under ACCESS EXCLUSIVE. PostgreSQL 18 locks every partition with the
   * statement's own lock before it starts (ATPrepCmd, ADD CONSTRAINT): ACCESS EXCLUSIVE.
   */
  private void indexConstraintOnPartition(
      QualifiedName partition,
      TableConstraint c,
      Optional<Table> parent,
      StatementFacts.Builder b) {
    boolean setsNotNull =
        c.kind() == TableConstraint.Kind.PRIMARY_KEY
            && !c.columns().stream()
                .allMatch(
                    column ->
                        parent.flatMap(p -> p.column(column)).map(Column::notNull).orElse(false));
    lock(b, partition, pgMajor >= 18 || setsNotNull ? ACCESS_EXCLUSIVE : SHARE)
        .effect(partition, Effect.INDEX_BUILD);
  }

  /** Forms that ALTER TABLE applies to every partition too, unless ONLY is given. */
  private static boolean recurses(AlterAction action) {
    return !(action instanceof AlterAction.RenameTable
        || action instanceof AlterAction.SetSchema
        || action instanceof AlterAction.AttachPartition
        || action instanceof AlterAction.DetachPartition
        || action instanceof AlterAction.RenameConstraint
        || action instanceof AlterAction.ClusterOn
        || action instanceof AlterAction.RowLevelSecurity
        || action instanceof AlterAction.SetStorageParameters
        || action instanceof AlterAction.SetPersistence
        || action instanceof AlterAction.Other);
  }

  private void alterAction(
      QualifiedName t, Optional<Table> table, AlterAction action, StatementFacts.Builder b) {
    if (action instanceof AlterAction.AddColumn add) {
      addColumn(t, add.column(), b);
    } else if (action instanceof AlterAction.DropColumn) {
      lock(b, t, ACCESS_EXCLUSIVE).effect(t, Effect.METADATA_ONLY).phase(Phase.CONTRACT);
    } else if (action instanceof AlterAction.AlterColumnType type) {
      Optional<Column> column = table.flatMap(x -> x.column(type.column()));
      boolean rewrite =
          TypeChange.rewrites(
              column.flatMap(Column::type), type.type(), type.using(), type.column());
      lock(b, t, ACCESS_EXCLUSIVE)
          .effect(t, rewrite ? Effect.REWRITE : Effect.METADATA_ONLY)
          .phase(Phase.EXPAND);
    } else if (action instanceof AlterAction.SetDefault) {
      lock(b, t, ACCESS_EXCLUSIVE).effect(t, Effect.METADATA_ONLY).phase(Phase.EXPAND);
    } else if (action instanceof AlterAction.DropDefault) {
      lock(b, t, ACCESS_EXCLUSIVE).effect(t, Effect.METADATA_ONLY).phase(Phase.CONTRACT);
    } else if (action instanceof AlterAction.SetNotNull set) {
      boolean proven =
          (pgMajor >= 12 && table.map(x -> x.hasValidatedNotNullProof(set.column())).orElse(false))
              || table.flatMap(x -> x.column(set.column())).map(Column::notNull).orElse(false);
      lock(b, t, ACCESS_EXCLUSIVE)
          .effect(t, proven ? Effect.METADATA_ONLY : Effect.SCAN)
          .phase(Phase.CONTRACT);
    } else if (action instanceof AlterAction.DropNotNull) {
      lock(b, t, ACCESS_EXCLUSIVE).effect(t, Effect.METADATA_ONLY).phase(Phase.EXPAND);
    } else if (action instanceof AlterAction.AlterColumnGeneration generation) {
      lock(b, t, ACCESS_EXCLUSIVE)
          .effect(
              t,
              generation.change().equals("set expression") ? Effect.REWRITE : Effect.METADATA_ONLY)
          .phase(Phase.EXPAND);
    } else if (action instanceof AlterAction.SetColumnStatistics) {
      lock(b, t, SHARE_UPDATE_EXCLUSIVE).effect(t, Effect.METADATA_ONLY);
    } else if (action instanceof AlterAction.SetColumnStorage) {
      lock(b, t, ACCESS_EXCLUSIVE).effect(t, Effect.METADATA_ONLY);
    } else if (action instanceof AlterAction.AddConstraint add) {
      addConstraint(t, add.constraint(), b);
    } else if (action instanceof AlterAction.ValidateConstraint validate) {
      lock(b, t, SHARE_UPDATE_EXCLUSIVE).effect(t, Effect.SCAN).phase(Phase.CONTRACT);
      table
          .flatMap(x -> x.constraint(validate.constraint()))
          .flatMap(Constraint::references)
          .ifPresent(referenced -> lock(b, referenced, ROW_SHARE));
    } else if (action instanceof AlterAction.DropConstraint drop) {
      lock(b, t, ACCESS_EXCLUSIVE).effect(t, Effect.METADATA_ONLY).phase(Phase.CONTRACT);
      table
          .flatMap(x -> x.constraint(drop.constraint()))
          .flatMap(Constraint::references)
          .ifPresent(referenced -> lock(b, referenced, ACCESS_EXCLUSIVE));
    } else if (action instanceof AlterAction.AlterConstraint) {
      lock(b, t, ACCESS_EXCLUSIVE).effect(t, Effect.METADATA_ONLY);
    } else if (action instanceof AlterAction.RenameColumn
        || action instanceof AlterAction.RenameTable
        || action instanceof AlterAction.SetSchema) {
      lock(b, t, ACCESS_EXCLUSIVE).effect(t, Effect.METADATA_ONLY).phase(Phase.CONTRACT);
    } else if (action instanceof AlterAction.RenameConstraint) {
      lock(b, t, ACCESS_EXCLUSIVE).effect(t, Effect.METADATA_ONLY);
    } else if (action instanceof AlterAction.AttachPartition attach) {
      lock(b, t, pgMajor >= 12 ? SHARE_UPDATE_EXCLUSIVE : ACCESS_EXCLUSIVE);
      lock(b, attach.partition(), ACCESS_EXCLUSIVE).effect(attach.partition(), Effect.SCAN);
      b.phase(Phase.EXPAND);
    } else if (action instanceof AlterAction.DetachPartition detach) {
      if (detach.concurrently()) {
        // the second of its two transactions locks the partition in ACCESS EXCLUSIVE (manual)
        b.noTransaction();
        lock(b, t, SHARE_UPDATE_EXCLUSIVE);
        lock(b, detach.partition(), ACCESS_EXCLUSIVE);
      } else {
        // up to 13 ATExecDetachPartition opened the partition with SHARE UPDATE EXCLUSIVE
        lock(b, t, ACCESS_EXCLUSIVE);
        lock(b, detach.partition(), pgMajor >= 14 ? ACCESS_EXCLUSIVE : SHARE_UPDATE_EXCLUSIVE);
      }
      b.effect(t, Effect.METADATA_ONLY).phase(Phase.CONTRACT);
    } else if (action instanceof AlterAction.SetTriggerState) {
      lock(b, t, SHARE_ROW_EXCLUSIVE).effect(t, Effect.METADATA_ONLY);
    } else if (action instanceof AlterAction.SetStorageParameters
        || action instanceof AlterAction.ClusterOn) {
      lock(b, t, SHARE_UPDATE_EXCLUSIVE).effect(t, Effect.METADATA_ONLY);
    } else if (action instanceof AlterAction.SetPersistence) {
      // a partitioned table has no storage: only the default for new partitions changes
      lock(b, t, ACCESS_EXCLUSIVE)
          .effect(t, partitioned(t) ? Effect.METADATA_ONLY : Effect.REWRITE);
    } else {
      lock(b, t, ACCESS_EXCLUSIVE).effect(t, Effect.METADATA_ONLY);
    }
  }

  private void addColumn(QualifiedName t, ColumnDef column, StatementFacts.Builder b) {
    lock(b, t, ACCESS_EXCLUSIVE).phase(Phase.EXPAND);
    boolean rewrite =
        column.type().isSerial()
            || column.identity()
            || (column.generated().isPresent() && column.generatedStored())
            || column.defaultValue().map(d -> rewritingDefault(d)).orElse(false);
    if (rewrite) {
      b.effect(t, Effect.REWRITE);
    } else if (column.notNull() && column.defaultValue().isEmpty()) {
      b.effect(t, Effect.SCAN);
    } else {
      b.effect(t, Effect.METADATA_ONLY);
    }
    for (TableConstraint constraint : column.constraints()) {
      switch (constraint.kind()) {
        case PRIMARY_KEY, UNIQUE -> b.effect(t, Effect.INDEX_BUILD);
        case CHECK -> {
          if (!rewrite) {
            b.effect(t, Effect.SCAN);
          }
        }
        case FOREIGN_KEY -> constraint.references().ifPresent(r -> lock(b, r, SHARE_ROW_EXCLUSIVE));
        default -> {}
      }
    }
  }

  /** A DEFAULT makes ADD COLUMN rewrite below PostgreSQL 11, or when it may be volatile. */
  private boolean rewritingDefault(dev.migrationbot.analyzer.sql.Expression value) {
    if (pgMajor < 11) {
      return true;
    }
    Volatility v = FunctionVolatility.of(value);
    return v == Volatility.VOLATILE || v == Volatility.UNKNOWN;
  }

  private void addConstraint(QualifiedName t, TableConstraint c, StatementFacts.Builder b) {
    switch (c.kind()) {
      case FOREIGN_KEY -> {
        lock(b, t, SHARE_ROW_EXCLUSIVE);
        c.references().ifPresent(r -> lock(b, r, SHARE_ROW_EXCLUSIVE));
        b.effect(t, c.notValid() ? Effect.METADATA_ONLY : Effect.SCAN);
      }
      case CHECK, NOT_NULL ->
          lock(b, t, ACCESS_EXCLUSIVE).effect(t, c.notValid() ? Effect.METADATA_ONLY : Effect.SCAN);
      case UNIQUE, PRIMARY_KEY -> {
        lock(b, t, ACCESS_EXCLUSIVE);
        if (c.usingIndex().isPresent()) {
          b.effect(t, Effect.METADATA_ONLY);
          if (c.kind() == TableConstraint.Kind.PRIMARY_KEY) {
            b.effect(t, Effect.SCAN);
          }
        } else {
          b.effect(t, Effect.INDEX_BUILD);
        }
      }
      case EXCLUDE -> lock(b, t, ACCESS_EXCLUSIVE).effect(t, Effect.INDEX_BUILD);
    }
    b.phase(c.notValid() || c.usingIndex().isPresent() ? Phase.EXPAND : Phase.CONTRACT);
  }

  /**
   * Adding a constraint to a domain (unless NOT VALID), validating one or setting NOT NULL checks
   * every stored value of the domain, holding SHARE on each table that has a column of it
   * (typecmds.c, get_rels_with_domain): writes to those tables wait for the scan.
   */
  private void alterDomain(Stmt.AlterDomain domain, StatementFacts.Builder b) {
    boolean checksStoredValues =
        switch (domain.change()) {
          case "add-constraint" -> !domain.notValid();
          case "validate-constraint", "set-not-null" -> true;
          default -> false;
        };
    if (checksStoredValues) {
      for (QualifiedName table : schema.tablesStoring(domain.domain())) {
        lock(b, table, SHARE).effect(table, Effect.SCAN);
      }
    }
    b.phase(domain.change().equals("validate-constraint") ? Phase.CONTRACT : Phase.EXPAND);
  }

  private void alterIndex(Stmt.AlterTable alter, StatementFacts.Builder b) {
    QualifiedName index = alter.table();
    Optional<QualifiedName> table = schema.index(index).map(Index::table);
    for (AlterAction action : alter.actions()) {
      if (action instanceof AlterAction.AttachPartition attach) {
        // ATExecAttachPartitionIdx: the partition's index in ACCESS EXCLUSIVE, both tables in
        // ACCESS SHARE; ALTER INDEX itself takes SHARE UPDATE EXCLUSIVE on the parent index
        lock(b, index, SHARE_UPDATE_EXCLUSIVE);
        table.ifPresent(x -> lock(b, x, ACCESS_SHARE));
        schema.index(attach.partition()).map(Index::table).ifPresent(x -> lock(b, x, ACCESS_SHARE));
        lock(b, attach.partition(), ACCESS_EXCLUSIVE);
      } else if (action instanceof AlterAction.RenameTable) {
        LockMode mode = pgMajor >= 12 ? SHARE_UPDATE_EXCLUSIVE : ACCESS_EXCLUSIVE;
        lock(b, index, mode);
      } else if (action instanceof AlterAction.SetStorageParameters) {
        lock(b, index, SHARE_UPDATE_EXCLUSIVE);
      } else {
        lock(b, index, ACCESS_EXCLUSIVE);
        table.ifPresent(x -> lock(b, x, SHARE_UPDATE_EXCLUSIVE));
      }
    }
    b.effect(index, Effect.METADATA_ONLY);
  }

  // ---------------------------------------------------------------- other DDL

  private void createIndex(Stmt.CreateIndex index, StatementFacts.Builder b) {
    QualifiedName t = index.table();
    b.phase(Phase.EXPAND);
    boolean partitionedParentOnly =
        index.only() && schema.table(t).map(Table::partitioned).orElse(false);
    if (index.concurrently()) {
      b.noTransaction();
      lock(b, t, SHARE_UPDATE_EXCLUSIVE).effect(t, Effect.INDEX_BUILD);
    } else {
      lock(b, t, SHARE)
          .effect(t, partitionedParentOnly ? Effect.METADATA_ONLY : Effect.INDEX_BUILD);
    }
  }

  private void createTable(Stmt.CreateTable create, StatementFacts.Builder b) {
    b.phase(Phase.EXPAND);
    create.partitionOf().ifPresent(parent -> lock(b, parent, ACCESS_EXCLUSIVE));
    // LIKE reads the definition of the table it copies (transformTableLikeClause)
    create.likeTables().forEach(like -> lock(b, like, ACCESS_SHARE));
    for (ColumnDef column : create.columns()) {
      for (TableConstraint c : column.constraints()) {
        c.references().ifPresent(r -> lock(b, r, SHARE_ROW_EXCLUSIVE));
      }
    }
    for (TableConstraint c : create.constraints()) {
      c.references().ifPresent(r -> lock(b, r, SHARE_ROW_EXCLUSIVE));
    }
  }

  private void drop(Stmt.Drop drop, StatementFacts.Builder b) {
    b.phase(Phase.CONTRACT);
    for (QualifiedName name : drop.names()) {
      switch (drop.objectKind()) {
        case TABLE, MATERIALIZED_VIEW, VIEW, FOREIGN_TABLE -> {
          lock(b, name, ACCESS_EXCLUSIVE).effect(name, Effect.METADATA_ONLY);
          if (drop.objectKind() == ObjectKind.TABLE) {
            schema
                .table(name)
                .ifPresent(
                    t ->
                        t.constraints().stream()
                            .map(Constraint::references)
                            .flatMap(Optional::stream)
                            .filter(r -> !r.equals(name))
                            .forEach(r -> lock(b, r, ACCESS_EXCLUSIVE)));
          }
        }
        case INDEX -> {
          Optional<QualifiedName> table = schema.index(name).map(Index::table);
          if (drop.concurrently()) {
            b.noTransaction();
            table.ifPresent(x -> lock(b, x, SHARE_UPDATE_EXCLUSIVE));
            lock(b, name, ACCESS_EXCLUSIVE);
          } else {
            table.ifPresent(x -> lock(b, x, ACCESS_EXCLUSIVE));
            lock(b, name, ACCESS_EXCLUSIVE);
          }
          b.effect(name, Effect.METADATA_ONLY);
        }
        default -> {}
      }
    }
  }

  private void reindex(Stmt.Reindex reindex, StatementFacts.Builder b) {
    LockMode tableMode = reindex.concurrently() ? SHARE_UPDATE_EXCLUSIVE : SHARE;
    LockMode indexMode = reindex.concurrently() ? SHARE_UPDATE_EXCLUSIVE : ACCESS_EXCLUSIVE;
    if (reindex.concurrently()) {
      b.noTransaction();
    }
    switch (reindex.target()) {
      case INDEX -> {
        QualifiedName index = reindex.name();
        schema.index(index).map(Index::table).ifPresent(t -> lock(b, t, tableMode));
        lock(b, index, indexMode).effect(index, Effect.INDEX_BUILD);
      }
      case TABLE -> {
        QualifiedName t = reindex.name();
        lock(b, t, tableMode).effect(t, Effect.INDEX_BUILD);
        schema.indexesOn(t).forEach(i -> lock(b, i.name(), indexMode));
      }
      default -> b.noTransaction();
    }
  }

  private void commentOn(Stmt.Comment comment, StatementFacts.Builder b) {
    switch (comment.objectKind()) {
      case "table", "column", "materialized view", "foreign table", "view" ->
          lock(b, comment.target(), SHARE_UPDATE_EXCLUSIVE)
              .effect(comment.target(), Effect.METADATA_ONLY);
      case "constraint", "trigger", "policy", "rule" ->
          lock(b, comment.target(), SHARE_UPDATE_EXCLUSIVE)
              .effect(comment.target(), Effect.METADATA_ONLY);
      default -> {}
    }
  }

  /** The tables TRUNCATE empties: partitions too, and with CASCADE every referencing table. */
  private List<QualifiedName> truncated(Stmt.Truncate truncate) {
    List<QualifiedName> tables = new java.util.ArrayList<>();
    java.util.Deque<QualifiedName> pending = new java.util.ArrayDeque<>(truncate.tables());
    while (!pending.isEmpty()) {
      for (QualifiedName t : schema.withDescendants(pending.pop())) {
        if (!tables.contains(t)) {
          tables.add(t);
          if (truncate.cascade()) {
            pending.addAll(schema.referencing(t));
          }
        }
      }
    }
    return tables;
  }

  private boolean partitioned(QualifiedName table) {
    return schema.table(table).map(Table::partitioned).orElse(false);
  }

  private static StatementFacts.Builder lock(
      StatementFacts.Builder b, QualifiedName relation, LockMode mode) {
    return b.lock(relation, mode);
  }

  private boolean createdByTheMigration(QualifiedName relation) {
    return schema.isNew(relation)
        || schema
            .index(relation)
            .map(i -> i.origin() == Origin.NEW || schema.isNew(i.table()))
            .orElse(false);
  }
}
