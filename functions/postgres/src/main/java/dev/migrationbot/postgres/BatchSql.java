package dev.migrationbot.postgres;

import dev.migrationbot.analyzer.Identifiers;
import dev.migrationbot.rollout.backfill.KeyColumn;
import dev.migrationbot.rollout.plan.BackfillSpec;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL of one job's batches. A batch covers a key range with exactly one lower and one upper
 * bound ({@code key > $cursor AND key <= $next}; composite keys compare as rows) and touches only
 * rows that still need the change, so running it twice changes nothing the second time and values
 * the application wrote are never overwritten.
 */
final class BatchSql {

  private final String table;
  private final List<KeyColumn> key;
  private final String set;
  private final String predicate;

  /**
   * @param table the table, as SQL
   * @param key the key columns; {@code ctid} of type {@code tid} walks heap order
   */
  BatchSql(String table, List<KeyColumn> key, BackfillSpec spec) {
    this.table = table;
    this.key = List.copyOf(key);
    this.set = assignments(spec);
    this.predicate =
        "(" + predicate(spec) + ")" + spec.condition().map(c -> " AND (" + c + ")").orElse("");
  }

  int keyWidth() {
    return key.size();
  }

  /**
   * The next upper bound: the last of the next {@code n} keys after the cursor (index-only), with
   * how many there are. Parameters: [cursor...], upper..., n.
   */
  String probe(boolean fromStart) {
    String columns = columns("");
    return "SELECT "
        + asText()
        + ", count(*) OVER () FROM (SELECT "
        + columns
        + " FROM "
        + table
        + " WHERE "
        + range(fromStart)
        + " ORDER BY "
        + columns
        + " LIMIT ?) s ORDER BY "
        + columns(" DESC")
        + " LIMIT 1";
  }

  /** The change itself. Parameters: [cursor...], next.... */
  String update(boolean fromStart) {
    return "UPDATE " + table + " SET " + set + " WHERE " + range(fromStart) + " AND " + predicate;
  }

  /**
   * The change over a range of heap blocks, for tables without a key. Parameters: {@code
   * '(first,0)'}, {@code '(end,0)'}.
   */
  String blocks() {
    return "UPDATE "
        + table
        + " SET "
        + set
        + " WHERE ctid >= ?::tid AND ctid < ?::tid AND "
        + predicate;
  }

  /** The keys of a range, in order, to narrow a failing batch down to one row. */
  String keysOf(boolean fromStart) {
    return "SELECT "
        + asText()
        + " FROM "
        + table
        + " WHERE "
        + range(fromStart)
        + " ORDER BY "
        + columns("");
  }

  /** The last key of the table: the job's upper bound. */
  String lastKey() {
    return "SELECT " + asText() + " FROM " + table + " ORDER BY " + columns(" DESC") + " LIMIT 1";
  }

  /** How a key reads in messages: {@code (id)=(42)}, {@code (tenant, id)=(7, 42)}. */
  String describe(List<String> values) {
    return "("
        + key.stream().map(KeyColumn::name).collect(Collectors.joining(", "))
        + ")=("
        + String.join(", ", values)
        + ")";
  }

  /**
   * The key columns as text, renamed so that ORDER BY still sorts by the columns themselves and not
   * by their text.
   */
  private String asText() {
    List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < key.size(); i++) {
      out.add(Identifiers.quote(key.get(i).name()) + "::text AS key_" + (i + 1));
    }
    return String.join(", ", out);
  }

  private String range(boolean fromStart) {
    String row = rowOf(columns(""));
    String upper = row + " <= " + parameters();
    return fromStart ? upper : row + " > " + parameters() + " AND " + upper;
  }

  private String parameters() {
    return rowOf(key.stream().map(k -> "?::" + k.type()).collect(joining()));
  }

  private String rowOf(String list) {
    return key.size() == 1 ? list : "(" + list + ")";
  }

  private String columns(String suffix) {
    return key.stream().map(k -> Identifiers.quote(k.name()) + suffix).collect(joining());
  }

  private static java.util.stream.Collector<CharSequence, ?, String> joining() {
    return Collectors.joining(", ");
  }

  private static String assignments(BackfillSpec spec) {
    boolean single = spec.assignments().size() == 1;
    return spec.assignments().stream()
        .map(
            a -> {
              String column = Identifiers.quote(a.column());
              String value = "(" + a.valueSql() + ")";
              if (spec.mode() == BackfillSpec.Mode.FILL_NULLS && !single) {
                // A row picked because another column is still NULL keeps what it already has here.
                return column + " = coalesce(" + column + ", " + value + ")";
              }
              return column + " = " + value;
            })
        .collect(Collectors.joining(", "));
  }

  private static String predicate(BackfillSpec spec) {
    return spec.assignments().stream()
        .map(
            a -> {
              String column = Identifiers.quote(a.column());
              return spec.mode() == BackfillSpec.Mode.FILL_NULLS
                  ? column + " IS NULL"
                  : column + " IS DISTINCT FROM (" + a.valueSql() + ")";
            })
        .collect(Collectors.joining(" OR "));
  }
}
