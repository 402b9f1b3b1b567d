package dev.migrationbot.analyzer.schema;

import dev.migrationbot.analyzer.QualifiedName;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What the analyzer knows of a table; it changes as the migration's statements are applied. */
public final class Table {

  private QualifiedName name;
  private final Origin origin;
  private boolean partitioned;
  private boolean columnsKnown;
  private TableStats stats;
  private final Map<String, Column> columns = new LinkedHashMap<>();
  private final Map<String, Constraint> constraints = new LinkedHashMap<>();
  private final java.util.Set<QualifiedName> children = new java.util.LinkedHashSet<>();

  Table(QualifiedName name, Origin origin, boolean columnsKnown) {
    this.name = name;
    this.origin = origin;
    this.columnsKnown = columnsKnown;
  }

  public QualifiedName name() {
    return name;
  }

  public Origin origin() {
    return origin;
  }

  public boolean isNew() {
    return origin == Origin.NEW;
  }

  public boolean partitioned() {
    return partitioned;
  }

  /** Whether every column of the table is known (it was created or described, not guessed). */
  public boolean columnsKnown() {
    return columnsKnown;
  }

  public Optional<TableStats> stats() {
    return Optional.ofNullable(stats);
  }

  public Optional<Column> column(String column) {
    return Optional.ofNullable(columns.get(column));
  }

  public Collection<Column> columns() {
    return columns.values();
  }

  public Optional<Constraint> constraint(String constraint) {
    return Optional.ofNullable(constraints.get(constraint));
  }

  public Collection<Constraint> constraints() {
    return constraints.values();
  }

  /** Whether a validated constraint proves the column holds no NULL (PostgreSQL 12+ uses it). */
  public boolean hasValidatedNotNullProof(String column) {
    return constraints.values().stream()
        .anyMatch(c -> c.validated() && c.notNullColumn().filter(column::equals).isPresent());
  }

  /** Partitions (and inheritance children) that ALTER TABLE without ONLY recurses to. */
  public java.util.Set<QualifiedName> children() {
    return java.util.Collections.unmodifiableSet(children);
  }

  public void addChild(QualifiedName child) {
    children.add(child);
  }

  void removeChild(QualifiedName child) {
    children.remove(child);
  }

  void rename(QualifiedName newName) {
    this.name = newName;
  }

  public void setPartitioned(boolean partitioned) {
    this.partitioned = partitioned;
  }

  public void setStats(TableStats stats) {
    this.stats = stats;
  }

  public void putColumn(Column column) {
    columns.put(column.name(), column);
  }

  void removeColumn(String column) {
    columns.remove(column);
    constraints.values().removeIf(c -> c.columns().equals(java.util.List.of(column)));
  }

  void renameColumn(String from, String to) {
    Column c = columns.remove(from);
    if (c != null) {
      columns.put(to, new Column(to, c.type(), c.notNull(), c.hasDefault()));
    }
  }

  public void putConstraint(Constraint constraint) {
    constraints.put(constraint.name(), constraint);
  }

  void removeConstraint(String constraint) {
    constraints.remove(constraint);
  }

  void renameConstraint(String from, String to) {
    Constraint c = constraints.remove(from);
    if (c != null) {
      constraints.put(
          to,
          new Constraint(
              to,
              c.kind(),
              c.validated(),
              c.columns(),
              c.references(),
              c.notNullColumn(),
              c.origin()));
    }
  }

  void markColumnsKnown() {
    columnsKnown = true;
  }
}
