package dev.migrationbot.analyzer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The analyzer never throws, whatever it is given: every fixture and example, mutated thousands of
 * times (cut, spliced, with stray quotes, dollar signs, comment openers and keywords), and random
 * text. Internal errors must not hide behind findings either: no analyzer-failure, and no syntax
 * error that is really a parser exception. Each case prints its seed on failure so it can be
 * replayed.
 */
class AnalyzerFuzzTest {

  private static final long SEED = Long.getLong("fuzz.seed", 20261125L);
  private static final int MUTATIONS_PER_FILE = Integer.getInteger("fuzz.mutations", 60);
  private static final String[] NOISE = {
    "'",
    "\"",
    "$$",
    "$tag$",
    "/*",
    "*/",
    "--",
    "(",
    ")",
    ";",
    ",",
    "::",
    "E'\\'",
    "U&'",
    "\\.",
    "\n\\set x 1\n",
    " BEGIN ",
    " ATOMIC ",
    " END ",
    " CASE ",
    " CONCURRENTLY ",
    " NOT VALID ",
    " ALTER TABLE ",
    " ADD COLUMN ",
    " USING INDEX ",
    " COPY t FROM stdin;\n",
    " DEFAULT ",
    " ONLY ",
    " IF NOT EXISTS ",
    " PARTITION ",
    "\u00e9",
    "\t",
    "\r\n",
    "0x",
    "1e",
    "[",
    "]"
  };

  @Test
  void mutatedFixturesNeverMakeTheAnalyzerThrow() throws IOException {
    List<Path> sources = sqlFiles();
    assertThat(sources).hasSizeGreaterThan(5);
    Random random = new Random(SEED);
    int cases = 0;
    for (Path source : sources) {
      String original = Files.readString(source, StandardCharsets.UTF_8);
      for (int i = 0; i < MUTATIONS_PER_FILE; i++) {
        long seed = random.nextLong();
        String mutated = mutate(original, new Random(seed));
        analyseWithoutThrowing(mutated, source + " mutation seed " + seed);
        cases++;
      }
    }
    for (int i = 0; i < 500; i++) {
      long seed = random.nextLong();
      analyseWithoutThrowing(noise(new Random(seed)), "random text seed " + seed);
      cases++;
    }
    System.out.printf("fuzz: %d inputs analysed without an exception (seed %d)%n", cases, SEED);
  }

  private static void analyseWithoutThrowing(String sql, String description) {
    for (int major : new int[] {11, 13, 18}) {
      for (TransactionMode mode : TransactionMode.values()) {
        assertThatCode(
                () -> {
                  Analysis analysis =
                      new Analyzer()
                          .analyze(
                              List.of(new MigrationFile("fuzz.sql", sql)),
                              AnalysisContext.of(major).withTransactionMode(mode));
                  long lines = sql.lines().count() + 1;
                  for (Finding f : analysis.findings()) {
                    assertThat(f.position().line()).isBetween(1, (int) lines);
                    assertThat(f.position().column()).isPositive();
                    assertThat(f.ruleId()).isNotEqualTo("analyzer-failure");
                    assertThat(f.message()).doesNotStartWith("cannot parse this statement (");
                  }
                })
            .as(description + " on PostgreSQL " + major + ", " + mode)
            .doesNotThrowAnyException();
      }
    }
  }

  private static String mutate(String text, Random random) {
    StringBuilder s = new StringBuilder(text);
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits && s.length() > 0; e++) {
      int at = random.nextInt(s.length());
      switch (random.nextInt(5)) {
        case 0 -> s.delete(at, Math.min(s.length(), at + 1 + random.nextInt(20)));
        case 1 -> s.insert(at, NOISE[random.nextInt(NOISE.length)]);
        case 2 -> {
          int from = random.nextInt(s.length());
          int to = Math.min(s.length(), from + random.nextInt(40));
          s.insert(at, s.substring(from, to));
        }
        case 3 -> s.setLength(at);
        default -> s.setCharAt(at, (char) (32 + random.nextInt(95)));
      }
    }
    return s.toString();
  }

  private static String noise(Random random) {
    StringBuilder s = new StringBuilder();
    int pieces = random.nextInt(60);
    for (int i = 0; i < pieces; i++) {
      if (random.nextBoolean()) {
        s.append(NOISE[random.nextInt(NOISE.length)]);
      } else {
        s.append((char) (random.nextInt(0x2FF)));
      }
    }
    return s.toString();
  }

  private static List<Path> sqlFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path root : List.of(Path.of("src/test/resources"), Path.of("../../examples"))) {
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(p -> p.toString().endsWith(".sql")).sorted().forEach(files::add);
      }
    }
    return files;
  }
}
