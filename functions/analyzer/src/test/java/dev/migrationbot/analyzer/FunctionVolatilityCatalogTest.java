package dev.migrationbot.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrationbot.testing.PostgresTest;
import dev.migrationbot.testing.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The committed volatility list must know every built-in function of every major the tests run on,
 * at least as volatile as that server says (where majors disagree, the list keeps the most volatile
 * answer, the safe one). Run with {@code -Dvolatility.update=true} to merge the running server's
 * functions into it.
 */
@PostgresTest
class FunctionVolatilityCatalogTest {

  private static final Path COMMITTED =
      Path.of("src/main/resources/dev/migrationbot/analyzer/" + FunctionVolatility.RESOURCE);

  @Test
  void committedListMatchesTheServersCatalog(TestDatabase db) throws Exception {
    Map<String, Volatility> server = serverFunctions(db);
    if (Boolean.getBoolean("volatility.update")) {
      update(server);
      return;
    }
    List<String> stale = new ArrayList<>();
    server.forEach(
        (name, volatility) -> {
          Volatility listed = FunctionVolatility.builtIn().get(name);
          if (listed == null || listed.compareTo(volatility) < 0) {
            stale.add(name + ": server says " + volatility + ", list says " + listed);
          }
        });
    assertThat(stale)
        .as(
            "volatility list is stale for PostgreSQL %s; regenerate with"
                + " mvn verify -pl functions/analyzer -am -Dtest=FunctionVolatilityCatalogTest"
                + " -Dvolatility.update=true -Dpg.version=%d",
            db.serverVersion(), db.major())
        .isEmpty();
    assertThat(FunctionVolatility.of("gen_random_uuid")).isEqualTo(Volatility.VOLATILE);
    assertThat(FunctionVolatility.of("now")).isEqualTo(Volatility.STABLE);
    assertThat(FunctionVolatility.of("lower")).isEqualTo(Volatility.IMMUTABLE);
  }

  private static Map<String, Volatility> serverFunctions(TestDatabase db) throws Exception {
    Map<String, Volatility> functions = new TreeMap<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT proname, string_agg(DISTINCT provolatile::text, '') FROM pg_proc"
                    + " WHERE pronamespace = 'pg_catalog'::regnamespace GROUP BY proname")) {
      while (rs.next()) {
        String letters = rs.getString(2);
        char strongest = letters.contains("v") ? 'v' : letters.contains("s") ? 's' : 'i';
        functions.put(rs.getString(1), FunctionVolatility.letter(strongest));
      }
    }
    return functions;
  }

  private static void update(Map<String, Volatility> server) throws IOException {
    Map<String, Volatility> merged = new TreeMap<>(FunctionVolatility.builtIn());
    server.forEach((name, v) -> merged.merge(name, v, (a, b) -> a.compareTo(b) >= 0 ? a : b));
    StringBuilder out =
        new StringBuilder(
            "# Built-in function volatility (pg_proc.provolatile, the most volatile overload),\n"
                + "# merged over the PostgreSQL majors the analyzer supports.\n"
                + "# Regenerate with FunctionVolatilityCatalogTest (-Dvolatility.update=true).\n");
    merged.forEach(
        (name, v) ->
            out.append(name)
                .append('\t')
                .append(Character.toLowerCase(v.name().charAt(0)))
                .append('\n'));
    Files.writeString(COMMITTED, out.toString(), StandardCharsets.UTF_8);
  }
}
