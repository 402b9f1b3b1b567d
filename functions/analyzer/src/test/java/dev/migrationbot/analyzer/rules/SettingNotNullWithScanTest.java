package dev.migrationbot.analyzer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrationbot.analyzer.AnalysisContext;
import dev.migrationbot.analyzer.Analyzer;
import dev.migrationbot.analyzer.Finding;
import dev.migrationbot.analyzer.MigrationFile;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The version-specific forms the fixtures (which run on one major each) cannot show: PostgreSQL
 * 18's NOT NULL constraint, and PostgreSQL 11, which never skips the scan.
 */
class SettingNotNullWithScanTest {

  private static List<Finding> findings(int pgMajor, String sql) {
    AnalysisContext context =
        AnalysisContext.of(pgMajor)
            .withSchemaFiles(RuleFixture.of(SettingNotNullWithScan.INFO.id()).schema());
    return new Analyzer()
        .analyze(List.of(new MigrationFile("migration.sql", sql)), context).findings().stream()
            .filter(f -> f.ruleId().equals(SettingNotNullWithScan.INFO.id()))
            .toList();
  }

  @Test
  void postgres18SuggestsTheNotNullConstraintNotValid() {
    List<Finding> found = findings(18, "ALTER TABLE accounts ALTER COLUMN status SET NOT NULL;");
    assertThat(found).hasSize(1);
    assertThat(found.get(0).safeAlternative())
        .isEqualTo(
            """
            ALTER TABLE accounts ADD CONSTRAINT accounts_status_not_null NOT NULL status NOT VALID;
            -- in a later transaction (scans without blocking reads or writes):
            ALTER TABLE accounts VALIDATE CONSTRAINT accounts_status_not_null;""");
  }

  @Test
  void postgres18NotNullConstraintWithoutNotValidScans() {
    List<Finding> found =
        findings(18, "ALTER TABLE accounts ADD CONSTRAINT status_required NOT NULL status;");
    assertThat(found).hasSize(1);
    assertThat(found.get(0).message()).startsWith("ADD CONSTRAINT status_required NOT NULL status");
    assertThat(found.get(0).safeAlternative())
        .isEqualTo(
            """
            ALTER TABLE accounts ADD CONSTRAINT status_required NOT NULL status NOT VALID;
            -- in a later transaction (scans without blocking reads or writes):
            ALTER TABLE accounts VALIDATE CONSTRAINT status_required;""");
    assertThat(
            findings(
                18,
                "ALTER TABLE accounts ADD CONSTRAINT status_required NOT NULL status NOT VALID;"))
        .isEmpty();
  }

  @Test
  void postgres18ValidatesAPendingNotNullConstraintInsteadOfSettingNotNull() {
    List<Finding> found =
        findings(
            18,
            """
            ALTER TABLE accounts ADD CONSTRAINT status_required NOT NULL status NOT VALID;
            ALTER TABLE accounts ALTER COLUMN status SET NOT NULL;""");
    assertThat(found).hasSize(1);
    assertThat(found.get(0).safeAlternative())
        .startsWith("ALTER TABLE accounts VALIDATE CONSTRAINT status_required;");
  }

  @Test
  void postgres11ScansEvenWithAValidatedCheck() {
    String sql =
        """
        ALTER TABLE accounts ADD CONSTRAINT status_present CHECK (status IS NOT NULL);
        ALTER TABLE accounts ALTER COLUMN status SET NOT NULL;""";
    List<Finding> found = findings(11, sql);
    assertThat(found).hasSize(1);
    assertThat(found.get(0).message()).contains("does not use the validated constraint");
    assertThat(findings(12, sql)).isEmpty();
  }
}
