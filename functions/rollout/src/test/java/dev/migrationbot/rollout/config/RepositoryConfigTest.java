package dev.migrationbot.rollout.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.TransactionMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RepositoryConfigTest {

  @Test
  void defaultsFindTheUsualMigrationFolders() {
    RepositoryConfig config = RepositoryConfig.DEFAULT;
    assertThat(config.isMigration("db/migrations/V3__add_status.sql")).isTrue();
    assertThat(config.isMigration("db/migrate/20261125_add_status.sql")).isTrue();
    assertThat(config.isMigration("src/main/App.java")).isFalse();
    assertThat(config.databases()).isEmpty();
    assertThat(config.approvals().requiredFor(Optional.of(Severity.ERROR))).isEqualTo(2);
    assertThat(config.contract().deployTimeout()).hasHours(24);
  }

  @Test
  void theFirstDatabaseOwningAFileTakesIt() {
    DatabaseTarget billing =
        new DatabaseTarget(
            "billing",
            "prod/billing",
            15,
            Optional.empty(),
            TransactionMode.PER_FILE,
            List.of(Glob.compile("billing/**")));
    DatabaseTarget main =
        new DatabaseTarget(
            "main", "prod/main", 16, Optional.of("production"), TransactionMode.NONE, List.of());
    RepositoryConfig config =
        new RepositoryConfig(
            RepositoryConfig.DEFAULT_MIGRATION_PATHS,
            List.of(billing, main),
            ApprovalPolicy.DEFAULT,
            Map.of(),
            BackfillDefaults.DEFAULT,
            ContractDefaults.DEFAULT);

    assertThat(config.databaseFor("billing/migrations/V1.sql")).contains(billing);
    assertThat(config.databaseFor("core/migrations/V1.sql")).contains(main);
  }

  @Test
  void ruleOverridesChangeOrSilenceSeverities() {
    RepositoryConfig config =
        new RepositoryConfig(
            RepositoryConfig.DEFAULT_MIGRATION_PATHS,
            List.of(),
            ApprovalPolicy.DEFAULT,
            Map.of("adding-volatile-default", RuleLevel.OFF, "renaming-column", RuleLevel.INFO),
            BackfillDefaults.DEFAULT,
            ContractDefaults.DEFAULT);

    assertThat(config.severityOf("adding-volatile-default", Severity.ERROR)).isEmpty();
    assertThat(config.severityOf("renaming-column", Severity.ERROR)).contains(Severity.INFO);
    assertThat(config.severityOf("other", Severity.WARNING)).contains(Severity.WARNING);
  }
}
