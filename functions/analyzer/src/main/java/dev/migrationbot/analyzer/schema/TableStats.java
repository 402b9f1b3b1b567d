package dev.migrationbot.analyzer.schema;

/**
 * How big and busy a table is, read from the target database when it is reachable.
 *
 * @param estimatedRows {@code pg_class.reltuples}
 * @param totalBytes {@code pg_total_relation_size}, indexes and TOAST included
 * @param writesPerSecond inserts + updates + deletes per second, sampled; negative when unknown
 */
public record TableStats(long estimatedRows, long totalBytes, double writesPerSecond) {

  /** A human-readable size such as {@code ~1.2M rows, 340 MB}. */
  public String describe() {
    StringBuilder s = new StringBuilder("~").append(count(estimatedRows)).append(" rows, ");
    s.append(bytes(totalBytes));
    if (writesPerSecond >= 0) {
      s.append(String.format(java.util.Locale.ROOT, ", %.0f writes/s", writesPerSecond));
    }
    return s.toString();
  }

  private static String count(long n) {
    if (n >= 1_000_000_000L) {
      return String.format(java.util.Locale.ROOT, "%.1fG", n / 1e9);
    }
    if (n >= 1_000_000L) {
      return String.format(java.util.Locale.ROOT, "%.1fM", n / 1e6);
    }
    if (n >= 1_000L) {
      return String.format(java.util.Locale.ROOT, "%.1fk", n / 1e3);
    }
    return Long.toString(Math.max(n, 0));
  }

  private static String bytes(long b) {
    String[] units = {"B", "kB", "MB", "GB", "TB"};
    double v = b;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(java.util.Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
  }
}
