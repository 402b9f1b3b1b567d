package dev.migrationbot.analyzer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrationbot.analyzer.AnalysisContext;
import dev.migrationbot.analyzer.Analyzer;
import dev.migrationbot.analyzer.MigrationFile;
import dev.migrationbot.analyzer.RuleInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule is complete: a unique id and code, a documentation page whose examples behave as it
 * says, and bad/good fixtures. Nothing is registered in one place and missing in another.
 */
class RuleCatalogTest {

  private static final Path DOCS = Path.of("../../docs/rules");

  static Stream<RuleInfo> infos() {
    return RuleCatalog.infos().stream();
  }

  @Test
  void idsAndCodesAreUnique() {
    List<RuleInfo> infos = RuleCatalog.infos();
    assertThat(infos.stream().map(RuleInfo::id)).doesNotHaveDuplicates();
    assertThat(infos.stream().map(RuleInfo::code)).doesNotHaveDuplicates();
  }

  @ParameterizedTest
  @MethodSource("infos")
  void documentationPageDescribesTheRule(RuleInfo info) throws IOException {
    Path page = DOCS.resolve(info.id() + ".md");
    assertThat(page).as("documentation page for %s", info.id()).exists();
    String doc = Files.readString(page, StandardCharsets.UTF_8);
    assertThat(doc).startsWith("# " + info.id() + " (" + info.code() + ")\n");
    assertThat(doc).contains("**Severity:** " + info.severity().displayName());
    assertThat(doc).contains(info.summary());
    assertThat(doc).contains("\n## Problem\n");
    assertThat(doc).contains("\n## Suppressing\n");
  }

  @ParameterizedTest
  @MethodSource("infos")
  void documentationExamplesBehaveAsTheySay(RuleInfo info) throws IOException {
    String doc = Files.readString(DOCS.resolve(info.id() + ".md"), StandardCharsets.UTF_8);
    boolean statementRule = RuleCatalog.ALL.stream().anyMatch(r -> r.info().equals(info));
    if (!doc.contains("## Instead of")) {
      assertThat(statementRule).as("statement rule %s needs examples", info.id()).isFalse();
      return;
    }
    int pg = info.versions().includes(16) ? 16 : info.versions().to();
    AnalysisContext context =
        AnalysisContext.of(pg).withSchemaFiles(RuleFixture.of(info.id()).schema());
    String bad = sqlAfter(doc, "## Instead of");
    String good = sqlAfter(doc, "## Use");
    assertThat(firedRules(bad, context))
        .as("'Instead of' example of %s", info.id())
        .contains(info.id());
    assertThat(firedRules(good, context))
        .as("'Use' example of %s", info.id())
        .doesNotContain(info.id());
  }

  @ParameterizedTest
  @MethodSource("statementRules")
  void everyStatementRuleHasBadAndGoodFixtures(RuleInfo info) {
    RuleFixture fixture = RuleFixture.of(info.id());
    assertThat(fixture.bad()).exists();
    assertThat(fixture.good()).exists();
  }

  static Stream<RuleInfo> statementRules() {
    return RuleCatalog.ALL.stream().map(Rule::info);
  }

  @Test
  void noOrphanFixturesOrPages() throws IOException {
    Set<String> ids = RuleCatalog.infos().stream().map(RuleInfo::id).collect(Collectors.toSet());
    try (Stream<Path> folders = Files.list(RuleFixture.ROOT)) {
      assertThat(folders.filter(Files::isDirectory).map(p -> p.getFileName().toString()))
          .as("fixture folders without a rule")
          .allMatch(ids::contains);
    }
    try (Stream<Path> pages = Files.list(DOCS)) {
      assertThat(pages.map(p -> p.getFileName().toString().replaceFirst("\\.md$", "")))
          .as("documentation pages without a rule")
          .allMatch(ids::contains);
    }
  }

  private static Set<String> firedRules(String sql, AnalysisContext context) {
    return new Analyzer()
        .analyze(List.of(new MigrationFile("example.sql", sql)), context).findings().stream()
            .map(f -> f.ruleId())
            .collect(Collectors.toSet());
  }

  private static String sqlAfter(String doc, String heading) {
    int at = doc.indexOf("\n" + heading + "\n");
    assertThat(at).as("section %s", heading).isNotNegative();
    Matcher m = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL).matcher(doc.substring(at));
    assertThat(m.find()).as("sql block under %s", heading).isTrue();
    return m.group(1);
  }
}
