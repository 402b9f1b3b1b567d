package dev.migrationbot.analyzer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrationbot.analyzer.Analysis;
import dev.migrationbot.analyzer.AnalyzedStatement;
import dev.migrationbot.analyzer.FileAnalysis;
import dev.migrationbot.analyzer.Finding;
import dev.migrationbot.analyzer.report.TextReport;
import dev.migrationbot.testing.Snapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rule fires exactly where its bad fixture says, and never on its good fixture. */
class RuleFixturesTest {

  static Stream<String> rules() {
    return RuleCatalog.ALL.stream().map(r -> r.info().id());
  }

  @ParameterizedTest
  @MethodSource("rules")
  void badFixtureFiresExactlyWhereExpected(String ruleId) {
    RuleFixture fixture = RuleFixture.of(ruleId);
    Analysis analysis = fixture.analyze(fixture.bad());
    int expectedCount = 0;
    List<String> mismatches = new ArrayList<>();
    for (AnalyzedStatement statement : analysis.files().get(0).statements()) {
      Set<String> expected = RuleFixture.expected(statement);
      Set<String> fired = new TreeSet<>();
      statement.findings().forEach(f -> fired.add(f.ruleId()));
      boolean expectedHere = expected.contains(ruleId);
      expectedCount += expectedHere ? 1 : 0;
      if (expectedHere != fired.contains(ruleId)) {
        mismatches.add(
            "line " + statement.source().line() + ": expected " + expected + ", fired " + fired);
      }
      assertThat(fired).as("line %d", statement.source().line()).doesNotContain("syntax-error");
    }
    assertThat(expectedCount).as("bad.sql of %s expects no finding", ruleId).isPositive();
    assertThat(mismatches).as("bad.sql of %s", ruleId).isEmpty();
    Snapshots.assertMatches(
        "rules/" + ruleId + ".txt", TextReport.render(only(analysis, ruleId), false));
  }

  @ParameterizedTest
  @MethodSource("rules")
  void goodFixtureIsClean(String ruleId) {
    RuleFixture fixture = RuleFixture.of(ruleId);
    Analysis analysis = fixture.analyze(fixture.good());
    List<Finding> findings =
        analysis.findings().stream()
            .filter(f -> f.ruleId().equals(ruleId) || f.ruleId().equals("syntax-error"))
            .toList();
    assertThat(findings).as("good.sql of %s", ruleId).isEmpty();
  }

  /** The analysis with only one rule's findings, so a snapshot changes only with that rule. */
  private static Analysis only(Analysis analysis, String ruleId) {
    List<FileAnalysis> files = new ArrayList<>();
    for (FileAnalysis file : analysis.files()) {
      List<AnalyzedStatement> statements = new ArrayList<>();
      for (AnalyzedStatement s : file.statements()) {
        statements.add(
            new AnalyzedStatement(
                s.source(),
                s.statement(),
                s.facts(),
                s.transaction(),
                s.findings().stream().filter(f -> f.ruleId().equals(ruleId)).toList(),
                s.suppressed(),
                s.phaseOverride()));
      }
      files.add(new FileAnalysis(file.path(), statements, List.of()));
    }
    return new Analysis(analysis.pgMajor(), analysis.transactionMode(), files);
  }
}
