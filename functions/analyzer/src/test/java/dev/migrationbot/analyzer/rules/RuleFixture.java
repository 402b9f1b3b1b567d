package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.Analysis;
import dev.migrationbot.analyzer.AnalysisContext;
import dev.migrationbot.analyzer.AnalyzedStatement;
import dev.migrationbot.analyzer.Analyzer;
import dev.migrationbot.analyzer.MigrationFile;
import dev.migrationbot.analyzer.TransactionMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rule's fixtures: {@code bad.sql} (each offending statement preceded by {@code -- expect:
 * <rule-id>}) and {@code good.sql} (the safe forms), optionally {@code schema.sql}, all on top of
 * the shared {@code rules/schema.sql}. A first line {@code -- fixture: pg=12 transaction=none} sets
 * the target major and the runner's transaction mode.
 */
public record RuleFixture(String ruleId, Path folder) {

  public static final Path ROOT = Path.of("src/test/resources/rules");
  private static final Pattern EXPECT =
      Pattern.compile("--\\s*expect:\\s*([a-z0-9-]+(?:\\s*,\\s*[a-z0-9-]+)*)");
  private static final Pattern OPTION = Pattern.compile("(pg|transaction)=([a-z0-9-]+)");

  public static RuleFixture of(String ruleId) {
    return new RuleFixture(ruleId, ROOT.resolve(ruleId));
  }

  public Path bad() {
    return folder.resolve("bad.sql");
  }

  public Path good() {
    return folder.resolve("good.sql");
  }

  /** The shared schema, then the rule's own if it has one. */
  public List<MigrationFile> schema() {
    List<MigrationFile> files = new ArrayList<>();
    files.add(read(ROOT.resolve("schema.sql")));
    Path own = folder.resolve("schema.sql");
    if (Files.exists(own)) {
      files.add(read(own));
    }
    return files;
  }

  public AnalysisContext context(Path fixture) {
    int pg = declaredMajor(fixture).orElse(16);
    TransactionMode mode = TransactionMode.PER_FILE;
    String first = content(fixture).lines().findFirst().orElse("");
    if (first.startsWith("-- fixture:")) {
      Matcher m = OPTION.matcher(first);
      while (m.find()) {
        if (m.group(1).equals("transaction")) {
          mode = TransactionMode.parse(m.group(2));
        }
      }
    }
    return AnalysisContext.of(pg).withTransactionMode(mode).withSchemaFiles(schema());
  }

  /** The {@code pg=} of the fixture line: the fixture uses syntax older majors do not have. */
  public OptionalInt declaredMajor(Path fixture) {
    String first = content(fixture).lines().findFirst().orElse("");
    Matcher m = OPTION.matcher(first);
    while (first.startsWith("-- fixture:") && m.find()) {
      if (m.group(1).equals("pg")) {
        return OptionalInt.of(Integer.parseInt(m.group(2)));
      }
    }
    return OptionalInt.empty();
  }

  public Analysis analyze(Path fixture) {
    return new Analyzer().analyze(List.of(read(fixture)), context(fixture));
  }

  /** The rule ids a statement's {@code -- expect:} comments name. */
  public static Set<String> expected(AnalyzedStatement statement) {
    Set<String> ids = new TreeSet<>();
    statement
        .source()
        .leadingComments()
        .forEach(
            c -> {
              Matcher m = EXPECT.matcher(c.value());
              if (m.find()) {
                for (String id : m.group(1).split(",")) {
                  ids.add(id.trim());
                }
              }
            });
    return ids;
  }

  static MigrationFile read(Path file) {
    return new MigrationFile(ROOT.getParent().relativize(file).toString(), content(file));
  }

  static String content(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
