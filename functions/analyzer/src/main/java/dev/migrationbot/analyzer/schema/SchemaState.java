package dev.migrationbot.analyzer.schema;

import dev.migrationbot.analyzer.QualifiedName;
import dev.migrationbot.analyzer.sql.AlterAction;
import dev.migrationbot.analyzer.sql.ColumnDef;
import dev.migrationbot.analyzer.sql.ObjectKind;
import dev.migrationbot.analyzer.sql.Stmt;
import dev.migrationbot.analyzer.sql.TableConstraint;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The schema as the analyzer knows it at one point of a migration: what existed before (from a
 * schema file or the live catalog) and what the migration created so far.
 *
 * <p>A table the analyzer has never heard of is assumed to exist already, with unknown columns:
 * claiming risk for it is the safe mistake.
 */
public final class SchemaState {

  private final Map<QualifiedName, Table> tables = new HashMap<>();
  private final Map<QualifiedName, Index> indexes = new HashMap<>();
  private final java.util.Set<QualifiedName> newDomains = new java.util.HashSet<>();
  private final Map<QualifiedName, List<QualifiedName>> materializedViewReads = new HashMap<>();

  public Optional<Table> table(QualifiedName name) {
    return Optional.ofNullable(tables.get(name));
  }

  /** Whether the migration itself created the table (then nothing can be waiting on it). */
  public boolean isNew(QualifiedName table) {
    Table t = tables.get(table);
    return t != null && t.isNew();
  }

  /** Whether the migration itself created the domain. */
  public boolean isNewDomain(QualifiedName domain) {
    return newDomains.contains(domain);
  }

  public Optional<Index> index(QualifiedName name) {
    return Optional.ofNullable(indexes.get(name));
  }

  /** The indexes of a table (or materialized view) the analyzer knows of. */
  public List<Index> indexesOn(QualifiedName table) {
    return indexes.values().stream()
        .filter(i -> i.table().equals(table))
        .sorted(java.util.Comparator.comparing(i -> i.name().toString()))
        .toList();
  }

  /** The tables with a foreign key referencing this one. */
  public List<QualifiedName> referencing(QualifiedName table) {
    return tables.values().stream()
        .filter(
            t ->
                !t.name().equals(table)
                    && t.constraints().stream()
                        .anyMatch(c -> c.references().filter(table::equals).isPresent()))
        .map(Table::name)
        .sorted(java.util.Comparator.comparing(QualifiedName::toString))
        .toList();
  }

  /** The relations a materialized view's query reads, which REFRESH locks in ACCESS SHARE. */
  public List<QualifiedName> reads(QualifiedName materializedView) {
    return materializedViewReads.getOrDefault(materializedView, List.of());
  }

  /** Declares a table that exists before the migration, e.g. read from the live catalog. */
  public Table addExistingTable(QualifiedName name) {
    Table table = new Table(name, Origin.EXISTING, true);
    tables.put(name, table);
    return table;
  }

  /** Declares an index that exists before the migration. */
  public void addExistingIndex(QualifiedName name, QualifiedName table, boolean unique) {
    indexes.put(name, new Index(name, table, unique, List.of(), Origin.EXISTING));
  }

  /**
   * Applies a statement's schema changes.
   *
   * @param origin {@link Origin#EXISTING} while replaying the schema that exists before the
   *     migration, {@link Origin#NEW} for the migration's own statements
   */
  public void apply(Stmt stmt, Origin origin) {
    if (stmt instanceof Stmt.CreateTable create) {
      createTable(create, origin);
    } else if (stmt instanceof Stmt.AlterTable alter
        && alter.relationKind() == Stmt.RelationKind.TABLE) {
      for (AlterAction action : alter.actions()) {
        alterTable(alter.table(), action, origin);
      }
    } else if (stmt instanceof Stmt.AlterTable alter
        && alter.relationKind() == Stmt.RelationKind.INDEX
        && alter.actions().size() == 1
        && alter.actions().get(0) instanceof AlterAction.RenameTable rename) {
      Index index = indexes.remove(alter.table());
      if (index != null) {
        QualifiedName renamed = alter.table().sibling(rename.to());
        indexes.put(renamed, index.renamed(renamed));
      }
    } else if (stmt instanceof Stmt.CreateIndex create) {
      QualifiedName name =
          create
              .name()
              .orElse(
                  create
                      .table()
                      .sibling(
                          create.table().name()
                              + "_"
                              + String.join("_", create.columns())
                              + "_idx"));
      Origin indexOrigin = isNew(create.table()) ? Origin.NEW : origin;
      indexes.put(
          name, new Index(name, create.table(), create.unique(), create.columns(), indexOrigin));
    } else if (stmt instanceof Stmt.CreateDomain domain && origin == Origin.NEW) {
      newDomains.add(domain.domain());
    } else if (stmt instanceof Stmt.CreateView view && view.materialized()) {
      tables.put(view.view(), new Table(view.view(), origin, false));
      materializedViewReads.put(view.view(), view.reads());
    } else if (stmt instanceof Stmt.Drop drop) {
      for (QualifiedName name : drop.names()) {
        if (drop.objectKind() == ObjectKind.TABLE
            || drop.objectKind() == ObjectKind.MATERIALIZED_VIEW) {
          tables.remove(name);
          materializedViewReads.remove(name);
          indexes.values().removeIf(i -> i.table().equals(name));
        } else if (drop.objectKind() == ObjectKind.INDEX) {
          indexes.remove(name);
        }
      }
    }
  }

  /** The table and, recursively, its partitions: what ALTER TABLE without ONLY changes. */
  public List<QualifiedName> withDescendants(QualifiedName name) {
    List<QualifiedName> all = new java.util.ArrayList<>();
    java.util.Deque<QualifiedName> pending = new java.util.ArrayDeque<>(List.of(name));
    while (!pending.isEmpty()) {
      QualifiedName next = pending.pop();
      if (!all.contains(next)) {
        all.add(next);
        table(next).ifPresent(t -> pending.addAll(t.children()));
      }
    }
    return all;
  }

  /**
   * The tables whose rows hold values of a type (a domain): those with a column of it, and for a
   * partitioned table its partitions, where the rows are. Sorted by name.
   */
  public List<QualifiedName> tablesStoring(QualifiedName type) {
    java.util.Set<QualifiedName> found =
        new java.util.TreeSet<>(java.util.Comparator.comparing(QualifiedName::toString));
    for (Table table : tables.values()) {
      boolean stores =
          table.columns().stream()
              .flatMap(c -> c.type().stream())
              .anyMatch(
                  t ->
                      t.arrayDimensions() == 0
                          && (t.name().equals(type.toString())
                              || (t.name().equals(type.name())
                                  && type.schema().equals(QualifiedName.DEFAULT_SCHEMA))));
      if (stores) {
        withDescendants(table.name()).stream()
            .filter(t -> !table(t).map(Table::partitioned).orElse(false))
            .forEach(found::add);
      }
    }
    return List.copyOf(found);
  }

  private void createTable(Stmt.CreateTable create, Origin origin) {
    Table table = new Table(create.table(), origin, !create.asQuery());
    table.setPartitioned(create.partitioned());
    tables.put(create.table(), table);
    create.partitionOf().flatMap(this::table).ifPresent(parent -> parent.addChild(create.table()));
    for (ColumnDef column : create.columns()) {
      addColumn(table, column, origin);
    }
    for (TableConstraint constraint : create.constraints()) {
      addConstraint(table, constraint, origin);
    }
  }

  private void alterTable(QualifiedName name, AlterAction action, Origin origin) {
    Table table = tables.get(name);
    if (table == null) {
      table = new Table(name, Origin.EXISTING, false);
      tables.put(name, table);
    }
    if (action instanceof AlterAction.AddColumn add) {
      addColumn(table, add.column(), origin);
    } else if (action instanceof AlterAction.DropColumn drop) {
      table.removeColumn(drop.column());
    } else if (action instanceof AlterAction.AlterColumnType type) {
      Column old = column(table, type.column());
      table.putColumn(
          new Column(type.column(), Optional.of(type.type()), old.notNull(), old.hasDefault()));
    } else if (action instanceof AlterAction.SetNotNull set) {
      Column old = column(table, set.column());
      table.putColumn(new Column(old.name(), old.type(), true, old.hasDefault()));
    } else if (action instanceof AlterAction.DropNotNull drop) {
      Column old = column(table, drop.column());
      table.putColumn(new Column(old.name(), old.type(), false, old.hasDefault()));
    } else if (action instanceof AlterAction.SetDefault set) {
      Column old = column(table, set.column());
      table.putColumn(new Column(old.name(), old.type(), old.notNull(), true));
    } else if (action instanceof AlterAction.DropDefault drop) {
      Column old = column(table, drop.column());
      table.putColumn(new Column(old.name(), old.type(), old.notNull(), false));
    } else if (action instanceof AlterAction.AddConstraint add) {
      addConstraint(table, add.constraint(), origin);
    } else if (action instanceof AlterAction.ValidateConstraint validate) {
      Table target = table;
      target.constraint(validate.constraint()).ifPresent(c -> target.putConstraint(c.validate()));
    } else if (action instanceof AlterAction.DropConstraint drop) {
      table.removeConstraint(drop.constraint());
    } else if (action instanceof AlterAction.RenameColumn rename) {
      table.renameColumn(rename.from(), rename.to());
    } else if (action instanceof AlterAction.RenameConstraint rename) {
      table.renameConstraint(rename.from(), rename.to());
    } else if (action instanceof AlterAction.RenameTable rename) {
      move(table, name.sibling(rename.to()));
    } else if (action instanceof AlterAction.AttachPartition attach) {
      table.addChild(attach.partition());
    } else if (action instanceof AlterAction.DetachPartition detach && !detach.concurrently()) {
      table.removeChild(detach.partition());
    } else if (action instanceof AlterAction.SetSchema schema) {
      move(table, new QualifiedName(schema.schema(), name.name()));
    }
  }

  private void move(Table table, QualifiedName to) {
    tables.remove(table.name());
    table.rename(to);
    tables.put(to, table);
  }

  /** The column, or an unknown-typed stand-in for a column of a table seen only partly. */
  private static Column column(Table table, String name) {
    return table.column(name).orElse(new Column(name, Optional.empty(), false, false));
  }

  private void addColumn(Table table, ColumnDef def, Origin origin) {
    boolean primaryKey = def.hasConstraint(TableConstraint.Kind.PRIMARY_KEY);
    table.putColumn(
        new Column(
            def.name(),
            Optional.of(def.type()),
            def.notNull() || primaryKey || def.identity(),
            def.defaultValue().isPresent() || def.identity() || def.type().isSerial()));
    for (TableConstraint constraint : def.constraints()) {
      addConstraint(table, constraint, origin);
    }
  }

  private void addConstraint(Table table, TableConstraint constraint, Origin origin) {
    String name =
        constraint
            .name()
            .or(constraint::usingIndex)
            .orElseGet(() -> defaultName(table, constraint));
    List<String> columns = constraint.columns();
    if (constraint.usingIndex().isPresent()) {
      // USING INDEX renames the index after the constraint, whose columns are the index's
      Index index = indexes.remove(table.name().sibling(constraint.usingIndex().get()));
      if (index != null) {
        columns = index.columns();
        indexes.put(table.name().sibling(name), index.renamed(table.name().sibling(name)));
      }
    }
    Optional<String> notNullColumn = Optional.empty();
    if (constraint.kind() == TableConstraint.Kind.NOT_NULL) {
      notNullColumn = Optional.of(constraint.columns().get(0));
    } else if (constraint.kind() == TableConstraint.Kind.CHECK) {
      notNullColumn =
          constraint.check().get().tokens().stream()
              .filter(t -> t.isIdentifier())
              .map(t -> t.value())
              .findFirst()
              .filter(constraint::checksNotNull);
    }
    table.putConstraint(
        new Constraint(
            name,
            constraint.kind(),
            !constraint.notValid(),
            columns,
            constraint.references(),
            notNullColumn,
            origin));
    if ((constraint.kind() == TableConstraint.Kind.PRIMARY_KEY
            || constraint.kind() == TableConstraint.Kind.UNIQUE)
        && constraint.usingIndex().isEmpty()) {
      QualifiedName index = table.name().sibling(name);
      indexes.put(index, new Index(index, table.name(), true, columns, table.origin()));
    }
    if (constraint.kind() == TableConstraint.Kind.PRIMARY_KEY) {
      for (String column : columns) {
        Column old = column(table, column);
        table.putColumn(new Column(old.name(), old.type(), true, old.hasDefault()));
      }
    }
  }

  /** The name PostgreSQL would choose (ChooseConstraintName), without collision suffixes. */
  private static String defaultName(Table table, TableConstraint constraint) {
    String base = table.name().name();
    List<String> columns = constraint.columns();
    String joined = columns.isEmpty() ? "" : "_" + String.join("_", columns);
    return switch (constraint.kind()) {
      case PRIMARY_KEY -> base + "_pkey";
      case UNIQUE -> base + joined + "_key";
      case FOREIGN_KEY -> base + joined + "_fkey";
      case EXCLUDE -> base + "_excl";
      case NOT_NULL -> base + joined + "_not_null";
      case CHECK -> base + joined + "_check";
    };
  }
}
