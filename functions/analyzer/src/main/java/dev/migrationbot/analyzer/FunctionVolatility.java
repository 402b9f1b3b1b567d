package dev.migrationbot.analyzer;

import dev.migrationbot.analyzer.sql.Expression;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The volatility of PostgreSQL's built-in functions, from a list generated from {@code pg_proc} of
 * real servers (a test fails when it is stale). Where overloads differ, the most volatile one
 * counts: the analyzer cannot tell which overload a call resolves to.
 */
public final class FunctionVolatility {

  static final String RESOURCE = "pg-function-volatility.tsv";

  /** SQL-standard value functions written without parentheses; all stable. */
  private static final Set<String> SQL_VALUE_FUNCTIONS =
      Set.of(
          "current_timestamp",
          "current_date",
          "current_time",
          "localtime",
          "localtimestamp",
          "current_user",
          "current_role",
          "session_user",
          "user",
          "current_schema",
          "current_catalog",
          "system_user");

  private static final Map<String, Volatility> BUILT_IN = load();

  private FunctionVolatility() {}

  public static Volatility of(String function) {
    if (SQL_VALUE_FUNCTIONS.contains(function)) {
      return Volatility.STABLE;
    }
    return BUILT_IN.getOrDefault(function, Volatility.UNKNOWN);
  }

  /**
   * The volatility of an expression: VOLATILE if it calls a volatile function, else UNKNOWN if it
   * calls a function not in the list, else the strongest of what it calls (IMMUTABLE for none).
   */
  public static Volatility of(Expression expression) {
    Volatility result = Volatility.IMMUTABLE;
    boolean unknown = false;
    for (String call : expression.functionCalls()) {
      Volatility v = of(call);
      if (v == Volatility.VOLATILE) {
        return Volatility.VOLATILE;
      }
      if (v == Volatility.UNKNOWN) {
        unknown = true;
      } else if (v.compareTo(result) > 0) {
        result = v;
      }
    }
    return unknown ? Volatility.UNKNOWN : result;
  }

  /** Every listed function with its volatility, for the staleness test. */
  static Map<String, Volatility> builtIn() {
    return BUILT_IN;
  }

  private static Map<String, Volatility> load() {
    Map<String, Volatility> map = new HashMap<>();
    try (InputStream in = FunctionVolatility.class.getResourceAsStream(RESOURCE);
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int tab = line.indexOf('\t');
        map.put(line.substring(0, tab), letter(line.charAt(tab + 1)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.copyOf(map);
  }

  static Volatility letter(char c) {
    return switch (c) {
      case 'i' -> Volatility.IMMUTABLE;
      case 's' -> Volatility.STABLE;
      case 'v' -> Volatility.VOLATILE;
      default -> throw new IllegalStateException("unknown volatility letter " + c);
    };
  }
}
