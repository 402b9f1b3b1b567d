package dev.migrationbot.analyzer;

import dev.migrationbot.analyzer.sql.Expression;
import dev.migrationbot.analyzer.sql.TypeName;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether {@code ALTER COLUMN ... TYPE} rewrites the table. PostgreSQL skips the rewrite when the
 * old type is binary-coercible to the new one and no length or precision check can fail: widening
 * varchar, varchar to text, widening numeric precision at the same scale, widening
 * timestamp/time/interval precision, cidr to inet. Arrays are converted element by element, so for
 * them only dropping the element's limit keeps the data.
 */
public final class TypeChange {

  private static final Set<String> PRECISION_TYPES =
      Set.of(
          "timestamp without time zone",
          "timestamp with time zone",
          "time without time zone",
          "time with time zone",
          "interval");

  private TypeChange() {}

  /**
   * @return true when the table is rewritten; also true when the old type is unknown, because most
   *     changes rewrite and claiming otherwise would be the dangerous mistake
   */
  public static boolean rewrites(
      Optional<TypeName> from, TypeName to, Optional<Expression> using, String column) {
    if (from.isEmpty()) {
      return true;
    }
    if (using.isPresent() && !isPlainColumn(using.get(), column, to)) {
      return true;
    }
    TypeName old = from.get();
    if (old.arrayDimensions() != to.arrayDimensions()) {
      return true;
    }
    if (old.isArray()) {
      // elements are converted one by one: only keeping the element type and dropping (or
      // keeping) its limit leaves the data as it is; even varchar[] to text[] rewrites
      return !(old.name().equals(to.name())
          && (to.modifiers().isEmpty() || to.modifiers().equals(old.modifiers())));
    }
    if (old.name().equals(to.name())) {
      return !widens(old.name(), old.modifiers(), to.modifiers());
    }
    if (old.name().equals("character varying") && to.name().equals("text")) {
      return false;
    }
    if (old.name().equals("text") && to.name().equals("character varying")) {
      return !to.modifiers().isEmpty();
    }
    if (old.name().equals("cidr") && to.name().equals("inet")) {
      return false;
    }
    return true;
  }

  /** Whether {@code USING col} or {@code USING col::newtype} leaves the values as they are. */
  private static boolean isPlainColumn(Expression using, String column, TypeName to) {
    String sql = using.sql().replaceAll("\\s+", "").toLowerCase(java.util.Locale.ROOT);
    return sql.equals(column)
        || sql.equals("\"" + column + "\"")
        || sql.equals(
            column + "::" + to.sql().replaceAll("\\s+", "").toLowerCase(java.util.Locale.ROOT));
  }

  /** Same type: does the new modifier accept every old value without a check? */
  private static boolean widens(String type, List<String> from, List<String> to) {
    if (to.isEmpty()) {
      return true; // dropping the limit (varchar(n) -> varchar, numeric(p,s) -> numeric)
    }
    if (from.isEmpty()) {
      // adding a limit needs a check of every row, except the largest precision of the
      // date/time types (6), which is what no precision means
      return PRECISION_TYPES.contains(type) && to.get(0).equals("6");
    }
    try {
      if (type.equals("numeric")) {
        int fromScale = from.size() > 1 ? Integer.parseInt(from.get(1)) : 0;
        int toScale = to.size() > 1 ? Integer.parseInt(to.get(1)) : 0;
        return fromScale == toScale && Integer.parseInt(to.get(0)) >= Integer.parseInt(from.get(0));
      }
      if (type.equals("character varying")
          || type.equals("bit varying")
          || PRECISION_TYPES.contains(type)) {
        return Integer.parseInt(to.get(0)) >= Integer.parseInt(from.get(0));
      }
      return from.equals(to);
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
