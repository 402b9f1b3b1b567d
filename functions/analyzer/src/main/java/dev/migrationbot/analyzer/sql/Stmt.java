package dev.migrationbot.analyzer.sql;

import dev.migrationbot.analyzer.LockMode;
import dev.migrationbot.analyzer.QualifiedName;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A parsed statement: what the analyzer needs to know to decide locks and risks. */
public sealed interface Stmt {

  /** A short kebab-case kind for reports, e.g. {@code alter-table}. */
  String kind();

  /**
   * ALTER TABLE (and ALTER INDEX / MATERIALIZED VIEW / FOREIGN TABLE, which share its forms).
   *
   * @param actionSql each action as written, in the order of {@code actions}
   */
  record AlterTable(
      RelationKind relationKind,
      QualifiedName table,
      boolean ifExists,
      boolean only,
      List<AlterAction> actions,
      List<String> actionSql)
      implements Stmt {
    @Override
    public String kind() {
      return relationKind == RelationKind.TABLE
          ? "alter-table"
          : "alter-" + relationKind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  record CreateIndex(
      Optional<QualifiedName> name,
      QualifiedName table,
      boolean unique,
      boolean concurrently,
      boolean ifNotExists,
      boolean only,
      List<String> columns,
      Optional<Expression> where)
      implements Stmt {
    @Override
    public String kind() {
      return "create-index";
    }
  }

  /**
   * CREATE TABLE.
   *
   * @param likeTables the tables of {@code LIKE} clauses, whose definitions are copied
   */
  record CreateTable(
      QualifiedName table,
      boolean ifNotExists,
      boolean temporary,
      List<ColumnDef> columns,
      List<TableConstraint> constraints,
      Optional<QualifiedName> partitionOf,
      boolean partitioned,
      boolean asQuery,
      List<QualifiedName> likeTables)
      implements Stmt {
    @Override
    public String kind() {
      return "create-table";
    }
  }

  /** DROP of any object kind (TABLE, INDEX, VIEW, SEQUENCE, TYPE, SCHEMA, ...). */
  record Drop(
      ObjectKind objectKind,
      List<QualifiedName> names,
      boolean ifExists,
      boolean cascade,
      boolean concurrently)
      implements Stmt {
    @Override
    public String kind() {
      return "drop-" + objectKind.sqlName().replace(' ', '-');
    }
  }

  record Reindex(ReindexTarget target, QualifiedName name, boolean concurrently) implements Stmt {
    @Override
    public String kind() {
      return "reindex";
    }
  }

  record Truncate(List<QualifiedName> tables, boolean cascade) implements Stmt {
    @Override
    public String kind() {
      return "truncate";
    }
  }

  /** VACUUM [FULL] [tables]; with no tables, the whole database. */
  record Vacuum(boolean full, List<QualifiedName> tables) implements Stmt {
    @Override
    public String kind() {
      return "vacuum";
    }
  }

  record Analyze(List<QualifiedName> tables) implements Stmt {
    @Override
    public String kind() {
      return "analyze";
    }
  }

  /** CLUSTER table [USING index]; with no table, every previously clustered table. */
  record Cluster(Optional<QualifiedName> table) implements Stmt {
    @Override
    public String kind() {
      return "cluster";
    }
  }

  record RefreshMaterializedView(QualifiedName view, boolean concurrently) implements Stmt {
    @Override
    public String kind() {
      return "refresh-materialized-view";
    }
  }

  /**
   * LOCK TABLE: without ONLY, PostgreSQL locks every partition of a partitioned table too.
   *
   * @param only the tables written with ONLY
   */
  record LockTable(
      List<QualifiedName> tables, Set<QualifiedName> only, LockMode mode, boolean nowait)
      implements Stmt {
    @Override
    public String kind() {
      return "lock-table";
    }
  }

  /**
   * CREATE [CONSTRAINT] TRIGGER; a row-level trigger on a partitioned table is cloned onto every
   * partition.
   */
  record CreateTrigger(String name, QualifiedName table, boolean forEachRow) implements Stmt {
    @Override
    public String kind() {
      return "create-trigger";
    }
  }

  /**
   * CREATE [MATERIALIZED] VIEW.
   *
   * @param reads the relations its query reads, which PostgreSQL locks in ACCESS SHARE
   */
  record CreateView(QualifiedName view, boolean materialized, List<QualifiedName> reads)
      implements Stmt {
    @Override
    public String kind() {
      return materialized ? "create-materialized-view" : "create-view";
    }
  }

  /** CREATE / ALTER / DROP POLICY and CREATE RULE: they lock the table they are on. */
  record TableObject(String objectKind, String verb, QualifiedName table) implements Stmt {
    @Override
    public String kind() {
      return verb + "-" + objectKind;
    }
  }

  record CreateStatistics(QualifiedName table) implements Stmt {
    @Override
    public String kind() {
      return "create-statistics";
    }
  }

  /** ALTER TYPE ... ADD VALUE (enums) and other ALTER TYPE forms. */
  record AlterType(QualifiedName type, boolean addValue, Optional<String> value) implements Stmt {
    @Override
    public String kind() {
      return "alter-type";
    }
  }

  record CreateDomain(QualifiedName domain, boolean hasCheck) implements Stmt {
    @Override
    public String kind() {
      return "create-domain";
    }
  }

  /**
   * ALTER DOMAIN: {@code change} is e.g. {@code add-constraint}, {@code validate-constraint},
   * {@code set-not-null}; {@code constraint} is the one ADD CONSTRAINT adds.
   */
  record AlterDomain(
      QualifiedName domain, String change, boolean notValid, Optional<TableConstraint> constraint)
      implements Stmt {
    @Override
    public String kind() {
      return "alter-domain";
    }
  }

  record Comment(String objectKind, QualifiedName target) implements Stmt {
    @Override
    public String kind() {
      return "comment";
    }
  }

  /** GRANT or REVOKE; {@code tables} lists table targets (empty for other objects). */
  record Grant(boolean revoke, List<QualifiedName> tables) implements Stmt {
    @Override
    public String kind() {
      return revoke ? "revoke" : "grant";
    }
  }

  record Update(
      QualifiedName table,
      List<Assignment> assignments,
      Optional<Expression> where,
      boolean hasFrom,
      boolean hasReturning)
      implements Stmt {
    @Override
    public String kind() {
      return "update";
    }
  }

  /** One {@code column = expression} of an UPDATE's SET list. */
  record Assignment(String column, Expression value) {}

  record Delete(QualifiedName table, Optional<Expression> where, boolean hasUsing) implements Stmt {
    @Override
    public String kind() {
      return "delete";
    }
  }

  record Insert(QualifiedName table, boolean fromQuery) implements Stmt {
    @Override
    public String kind() {
      return "insert";
    }
  }

  record Merge(QualifiedName table) implements Stmt {
    @Override
    public String kind() {
      return "merge";
    }
  }

  /** COPY table FROM ... (writes) or COPY table TO ... (reads). */
  record Copy(QualifiedName table, boolean from) implements Stmt {
    @Override
    public String kind() {
      return "copy";
    }
  }

  /** SET [LOCAL | SESSION] name = value; {@code value} is null for SET ... TO DEFAULT. */
  record SetVariable(String name, Optional<String> value, boolean local) implements Stmt {
    @Override
    public String kind() {
      return "set";
    }
  }

  record ResetVariable(String name) implements Stmt {
    @Override
    public String kind() {
      return "reset";
    }
  }

  record TransactionControl(TransactionCommand command) implements Stmt {
    @Override
    public String kind() {
      return command.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * A statement whose form the analyzer knows and that needs no lock claim on existing tables:
   * CREATE FUNCTION, CREATE VIEW, CREATE SEQUENCE, SELECT, DO, ...
   */
  record Harmless(String kind) implements Stmt {}

  /**
   * A statement of a command PostgreSQL has but whose form the analyzer does not model: no lock
   * claim is made for it.
   */
  record Unrecognized(String kind) implements Stmt {}

  record PsqlMeta(String command) implements Stmt {
    @Override
    public String kind() {
      return "psql-meta-command";
    }
  }

  enum RelationKind {
    TABLE,
    INDEX,
    MATERIALIZED_VIEW,
    FOREIGN_TABLE,
    VIEW,
    SEQUENCE
  }

  enum ReindexTarget {
    INDEX,
    TABLE,
    SCHEMA,
    DATABASE,
    SYSTEM
  }

  enum TransactionCommand {
    BEGIN,
    COMMIT,
    ROLLBACK,
    SAVEPOINT,
    RELEASE_SAVEPOINT,
    ROLLBACK_TO_SAVEPOINT,
    PREPARE_TRANSACTION,
    COMMIT_PREPARED,
    ROLLBACK_PREPARED
  }
}
