package dev.migrationbot.analyzer.sql;

import java.util.List;
import java.util.Map;

/**
 * A column type as written, with its name canonicalised the way {@code format_type} prints it, so
 * {@code int4}, {@code int} and {@code integer} compare equal.
 *
 * @param name canonical name, e.g. {@code character varying}, {@code timestamp with time zone};
 *     user-defined types keep their (lower-cased) written name
 * @param modifiers the type modifiers, e.g. {@code [20]} for {@code varchar(20)}
 * @param arrayDimensions how many {@code []} follow the type
 * @param sql the type as written
 */
public record TypeName(String name, List<String> modifiers, int arrayDimensions, String sql) {

  public TypeName {
    modifiers = List.copyOf(modifiers);
  }

  private static final Map<String, String> ALIASES =
      Map.ofEntries(
          Map.entry("int", "integer"),
          Map.entry("int4", "integer"),
          Map.entry("integer", "integer"),
          Map.entry("int2", "smallint"),
          Map.entry("smallint", "smallint"),
          Map.entry("int8", "bigint"),
          Map.entry("bigint", "bigint"),
          Map.entry("serial4", "serial"),
          Map.entry("serial8", "bigserial"),
          Map.entry("serial2", "smallserial"),
          Map.entry("float8", "double precision"),
          Map.entry("float4", "real"),
          Map.entry("decimal", "numeric"),
          Map.entry("bool", "boolean"),
          Map.entry("varchar", "character varying"),
          Map.entry("char", "character"),
          Map.entry("bpchar", "character"),
          Map.entry("timestamp", "timestamp without time zone"),
          Map.entry("timestamptz", "timestamp with time zone"),
          Map.entry("time", "time without time zone"),
          Map.entry("timetz", "time with time zone"),
          Map.entry("varbit", "bit varying"));

  /** Canonicalises a written (lower-cased, single-spaced) type name. */
  static String canonical(String written) {
    return ALIASES.getOrDefault(written, written);
  }

  public boolean isSerial() {
    return name.equals("serial") || name.equals("bigserial") || name.equals("smallserial");
  }

  public boolean isArray() {
    return arrayDimensions > 0;
  }

  /** The type as {@code format_type} prints it, e.g. {@code character varying(20)}. */
  public String formatted() {
    StringBuilder s = new StringBuilder();
    if (!modifiers.isEmpty() && name.startsWith("timestamp")) {
      s.append("timestamp(").append(modifiers.get(0)).append(')').append(name.substring(9));
    } else if (!modifiers.isEmpty() && name.startsWith("time ")) {
      s.append("time(").append(modifiers.get(0)).append(')').append(name.substring(4));
    } else {
      s.append(name);
      if (!modifiers.isEmpty()) {
        s.append('(').append(String.join(",", modifiers)).append(')');
      }
    }
    s.append("[]".repeat(arrayDimensions));
    return s.toString();
  }
}
