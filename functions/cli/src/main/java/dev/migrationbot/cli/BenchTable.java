package dev.migrationbot.cli;

import dev.migrationbot.local.LocalPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.SplittableRandom;

/**
 * The table every backfill run fills: an orders table with a bigint key, a secondary index and a
 * new nullable {@code total_cents} column that the migration fills from two other columns. The rows
 * are a function of their id, so every run starts from the same data.
 */
final class BenchTable {

  /** The change as one statement: the whole table in one transaction. */
  static final String FULL_UPDATE =
      "UPDATE orders SET total_cents = quantity * unit_price_cents WHERE total_cents IS NULL";

  /** The last id of the next {@code n} ids after {@code from}. Parameters: from, n. */
  static final String NEXT_BOUND =
      "SELECT max(id) FROM (SELECT id FROM orders WHERE id > ? ORDER BY id LIMIT ?) s";

  /** The change over one key range. Parameters: from (exclusive), to (inclusive). */
  static final String RANGE_UPDATE = FULL_UPDATE + " AND id > ? AND id <= ?";

  private static final String COLUMNS =
      """
        id bigint NOT NULL,
        customer_id bigint NOT NULL,
        quantity integer NOT NULL,
        unit_price_cents bigint NOT NULL,
        status text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL""";

  private static final String PRIMARY_KEY = "ALTER TABLE orders ADD PRIMARY KEY (id)";
  private static final String INDEX = "CREATE INDEX orders_customer_id_idx ON orders (customer_id)";

  /** The table as the schema files describe it before the migration. */
  static final String SCHEMA =
      "CREATE TABLE orders (\n" + COLUMNS + "\n);\n" + PRIMARY_KEY + ";\n" + INDEX + ";\n";

  /** The migration under test: a new column and its backfill. */
  static final String MIGRATION =
      "ALTER TABLE orders ADD COLUMN total_cents bigint;\n" + FULL_UPDATE + ";\n";

  private final LocalPostgres server;
  private final String database;
  private final long rows;

  BenchTable(LocalPostgres server, String database, long rows) {
    this.server = server;
    this.database = database;
    this.rows = rows;
  }

  long rows() {
    return rows;
  }

  Connection connect(String applicationName) throws SQLException {
    return server.connect(database, applicationName);
  }

  /**
   * Drops and loads the table again with the migration's column added and empty, vacuumed and
   * analyzed (so every run starts with set hint bits and fresh statistics), then checkpoints so no
   * run pays for the previous one's dirty pages.
   */
  void reset() throws SQLException {
    try (Connection c = connect("bench-setup");
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS orders");
      s.execute("CREATE TABLE orders (" + COLUMNS + ")");
      s.execute(
          "INSERT INTO orders SELECT g, 1 + g * 7919 % 50000, 1 + g % 9, 100 + g * 104729 % 99900,"
              + " 'placed', timestamptz '2024-01-01' + g * interval '1 second',"
              + " timestamptz '2024-01-01' + g * interval '1 second'"
              + " FROM generate_series(1::bigint, "
              + rows
              + ") g");
      s.execute(PRIMARY_KEY);
      s.execute(INDEX);
      s.execute("ALTER TABLE orders ADD COLUMN total_cents bigint");
      s.execute("VACUUM (FREEZE, ANALYZE) orders");
      s.execute("CHECKPOINT");
    }
  }

  /** A status change of one existing row, as the application makes them. */
  String writerUpdate() {
    return "UPDATE orders SET status = ?, updated_at = now() WHERE id = ?";
  }

  void bindUpdate(PreparedStatement s, long id, SplittableRandom random) throws SQLException {
    s.setString(1, random.nextBoolean() ? "paid" : "shipped");
    s.setLong(2, id);
  }

  /** A new order, with the new column set by the deployed application. */
  String writerInsert() {
    return "INSERT INTO orders (id, customer_id, quantity, unit_price_cents, status, created_at,"
        + " updated_at, total_cents) VALUES (?, ?, ?, ?, 'placed', now(), now(), ? * ?)";
  }

  void bindInsert(PreparedStatement s, long id, SplittableRandom random) throws SQLException {
    int quantity = 1 + random.nextInt(9);
    long price = 100 + random.nextInt(99_900);
    s.setLong(1, id);
    s.setLong(2, 1 + random.nextInt(50_000));
    s.setInt(3, quantity);
    s.setLong(4, price);
    s.setInt(5, quantity);
    s.setLong(6, price);
  }

  /** What a run left behind: NULLs that remain and loaded rows that hold the right value. */
  record Check(long nullsRemaining, long correctRows) {}

  Check check() throws SQLException {
    try (Connection c = connect("bench-check");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FILTER (WHERE total_cents IS NULL),"
                    + " count(*) FILTER (WHERE id <= "
                    + rows
                    + " AND total_cents = quantity * unit_price_cents) FROM orders")) {
      rs.next();
      return new Check(rs.getLong(1), rs.getLong(2));
    }
  }
}
