package dev.migrationbot.cli.rehearse;

import dev.migrationbot.rollout.plan.BackfillSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fills every user table with synthetic rows whose values fit each column's type, uniqueness,
 * nullability and foreign key, so a rehearsal runs on a table shaped like production's.
 */
final class Seeder {

  /** Rows per INSERT: big enough to be fast, small enough to keep each transaction short. */
  private static final int CHUNK = 50_000;

  private Seeder() {}

  record Column(
      String name,
      String type,
      String typeName,
      char typeType,
      boolean notNull,
      boolean hasDefault,
      boolean identityOrGenerated,
      boolean unique) {}

  record Table(long oid, String qualified, List<Column> columns) {}

  /** Each table gets {@code rows} rows; parents before children. */
  static List<String> seed(Connection c, int rows) throws SQLException {
    Map<Long, Table> tables = tables(c);
    Map<Long, Map<String, Long>> references = foreignKeys(c);
    List<String> seeded = new ArrayList<>();
    for (Long oid : order(tables.keySet(), references)) {
      Table table = tables.get(oid);
      seedTable(c, table, references.getOrDefault(oid, Map.of()), tables, rows);
      seeded.add(table.qualified());
    }
    try (Statement s = c.createStatement()) {
      s.execute("ANALYZE");
    }
    return seeded;
  }

  private static void seedTable(
      Connection c, Table table, Map<String, Long> fks, Map<Long, Table> tables, int rows)
      throws SQLException {
    Row row = row(c, table, fks, tables);
    if (row.names().isEmpty()) {
      try (Statement s = c.createStatement()) {
        for (int i = 0; i < rows; i++) {
          s.addBatch("INSERT INTO " + table.qualified() + " DEFAULT VALUES");
        }
        s.executeBatch();
      }
      return;
    }
    try (PreparedStatement batch =
        c.prepareStatement(
            "INSERT INTO "
                + table.qualified()
                + " ("
                + String.join(", ", row.names())
                + ") SELECT "
                + String.join(", ", row.values())
                + " FROM generate_series(?::bigint, ?::bigint) AS g")) {
      for (int from = 1; from <= rows; from += CHUNK) {
        batch.setInt(1, from);
        batch.setInt(2, Math.min(rows, from + CHUNK - 1));
        batch.executeUpdate();
      }
    }
  }

  /** The columns a synthetic row sets, and the SQL of each value for row number {@code g}. */
  private record Row(List<String> names, List<String> values) {}

  private static Row row(Connection c, Table table, Map<String, Long> fks, Map<Long, Table> tables)
      throws SQLException {
    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (Column col : table.columns()) {
      if (col.identityOrGenerated() || (col.hasDefault() && !col.unique())) {
        continue;
      }
      Long parent = fks.get(col.name());
      String value;
      if (parent != null && tables.containsKey(parent)) {
        value = reference(c, tables.get(parent), col);
      } else {
        value = synthetic(table, col);
      }
      if (!col.notNull() && !col.unique()) {
        value = "CASE WHEN g % 3 = 0 THEN NULL ELSE " + value + " END";
      }
      names.add(quote(col.name()));
      values.add(value);
    }
    return new Row(names, values);
  }

  /**
   * One synthetic row of {@code qualifiedTable} for the parameter {@code g}, returning its key; the
   * {@code written} columns are computed from the row's other values, as the application's new
   * release writes them.
   */
  static String insertOne(
      Connection c, String qualifiedTable, String key, List<BackfillSpec.Assignment> written)
      throws SQLException {
    Map<Long, Table> tables = tables(c);
    Table table =
        tables.values().stream()
            .filter(t -> t.qualified().equals(qualifiedTable))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no table " + qualifiedTable));
    Row row = row(c, table, foreignKeys(c).getOrDefault(table.oid(), Map.of()), tables);
    List<String> names = new ArrayList<>(row.names());
    written.forEach(w -> names.add(quote(w.column())));
    List<String> aliased = new ArrayList<>();
    for (int i = 0; i < row.names().size(); i++) {
      aliased.add(row.values().get(i) + " AS " + row.names().get(i));
    }
    List<String> selected = new ArrayList<>(row.names());
    written.forEach(w -> selected.add(w.valueSql()));
    return "INSERT INTO "
        + table.qualified()
        + " ("
        + String.join(", ", names)
        + ") SELECT "
        + String.join(", ", selected)
        + " FROM (SELECT "
        + String.join(", ", aliased)
        + " FROM (SELECT ?::bigint AS g) AS g) AS synthetic RETURNING "
        + key;
  }

  /** A key of an existing parent row, spread over the parent's key range. */
  private static String reference(Connection c, Table parent, Column col) throws SQLException {
    String key = primaryKey(c, parent.oid());
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT min(" + key + ")::bigint, count(*) FROM " + parent.qualified())) {
      rs.next();
      long min = rs.getLong(1);
      long count = rs.getLong(2);
      if (count == 0) {
        if (col.notNull()) {
          throw new IllegalStateException(
              parent.qualified() + " has no rows to reference from column " + col.name());
        }
        return "NULL";
      }
      return "(" + min + " + (g::bigint * 7919) % " + count + ")::" + col.type();
    }
  }

  /** Values of the column's type; unique columns get one value per row. */
  static String synthetic(Table table, Column col) {
    String g = col.unique() ? "g" : "(g % 1000)";
    String value =
        switch (col.typeName()) {
          case "int2", "int4", "int8", "numeric", "float4", "float8", "money" ->
              col.unique() ? "g" : "((g::bigint * 37) % 100000)";
          case "text", "varchar", "bpchar", "citext", "name" ->
              "'" + col.name().replace("'", "''") + "-' || " + g;
          case "bool" -> "(g % 2 = 0)";
          case "timestamptz", "timestamp", "date", "time", "timetz" ->
              "(timestamptz '2026-01-01' - make_interval(secs => g % 31536000))";
          case "interval" -> "make_interval(secs => g % 86400)";
          case "uuid" -> "gen_random_uuid()";
          case "json", "jsonb" -> "jsonb_build_object('n', g)";
          case "bytea" -> "decode(md5(g::text), 'hex')";
          case "inet", "cidr" -> "('10.0.0.0'::inet + g)";
          default -> {
            if (col.typeType() == 'e') {
              yield "(enum_range(NULL::"
                  + col.type()
                  + "))[1 + g % array_length(enum_range(NULL::"
                  + col.type()
                  + "), 1)]";
            }
            if (!col.notNull()) {
              yield "NULL";
            }
            throw new IllegalStateException(
                "cannot make up values of type "
                    + col.type()
                    + " for "
                    + table.qualified()
                    + "."
                    + col.name()
                    + "; seed the table yourself and rehearse with --seed-rows 0");
          }
        };
    return "(" + value + ")::" + col.type();
  }

  private static Map<Long, Table> tables(Connection c) throws SQLException {
    Map<Long, Table> tables = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                """
                SELECT c.oid, format('%I.%I', n.nspname, c.relname)
                  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
                   AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'migration_bot')
                   AND n.nspname NOT LIKE 'pg\\_%'
                 ORDER BY c.oid""")) {
      while (rs.next()) {
        tables.put(rs.getLong(1), new Table(rs.getLong(1), rs.getString(2), List.of()));
      }
    }
    for (Table t : List.copyOf(tables.values())) {
      tables.put(t.oid(), new Table(t.oid(), t.qualified(), columns(c, t.oid())));
    }
    return tables;
  }

  private static List<Column> columns(Connection c, long oid) throws SQLException {
    List<Column> columns = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            """
            SELECT a.attname, format_type(a.atttypid, a.atttypmod), t.typname, t.typtype,
                   a.attnotnull, a.atthasdef, a.attidentity <> '' OR a.attgenerated <> '',
                   EXISTS (SELECT 1 FROM pg_index i
                            WHERE i.indrelid = a.attrelid AND i.indisunique
                              AND i.indnkeyatts = 1 AND i.indkey[0] = a.attnum)
              FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
             WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum""")) {
      s.setLong(1, oid);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          columns.add(
              new Column(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4).charAt(0),
                  rs.getBoolean(5),
                  rs.getBoolean(6),
                  rs.getBoolean(7),
                  rs.getBoolean(8)));
        }
      }
    }
    return columns;
  }

  /** Child table oid → its single-column foreign keys: column → parent table oid. */
  private static Map<Long, Map<String, Long>> foreignKeys(Connection c) throws SQLException {
    Map<Long, Map<String, Long>> out = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                """
                SELECT con.conrelid, a.attname, con.confrelid
                  FROM pg_constraint con
                  JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
                 WHERE con.contype = 'f' AND array_length(con.conkey, 1) = 1
                   AND con.conrelid <> con.confrelid""")) {
      while (rs.next()) {
        out.computeIfAbsent(rs.getLong(1), k -> new HashMap<>())
            .put(rs.getString(2), rs.getLong(3));
      }
    }
    return out;
  }

  private static List<Long> order(Set<Long> tables, Map<Long, Map<String, Long>> references) {
    List<Long> ordered = new ArrayList<>();
    Set<Long> visiting = new LinkedHashSet<>();
    for (Long t : tables) {
      visit(t, tables, references, ordered, visiting);
    }
    return ordered;
  }

  private static void visit(
      Long table,
      Set<Long> tables,
      Map<Long, Map<String, Long>> references,
      List<Long> ordered,
      Set<Long> visiting) {
    if (ordered.contains(table) || !visiting.add(table)) {
      return;
    }
    for (Long parent : references.getOrDefault(table, Map.of()).values()) {
      if (tables.contains(parent)) {
        visit(parent, tables, references, ordered, visiting);
      }
    }
    ordered.add(table);
  }

  /** The table's single-column primary key (or first unique NOT NULL column). */
  static String primaryKey(Connection c, long oid) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            """
            SELECT a.attname FROM pg_index i
              JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
             WHERE i.indrelid = ? AND i.indisunique AND i.indnkeyatts = 1 AND a.attnotnull
             ORDER BY i.indisprimary DESC LIMIT 1""")) {
      s.setLong(1, oid);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException(
              "table oid " + oid + " has no single-column key the rehearsal can reference");
        }
        return quote(rs.getString(1));
      }
    }
  }

  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
