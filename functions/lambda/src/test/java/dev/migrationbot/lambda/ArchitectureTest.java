package dev.migrationbot.lambda;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rule of ARCHITECTURE.md: {@code analyzer <- rollout <- {postgres, github} <-
 * {lambda, cli}}, with a domain that takes time and configuration as parameters.
 */
class ArchitectureTest {

  private static final String[] DOMAIN = {
    "dev.migrationbot.analyzer..", "dev.migrationbot.rollout.."
  };

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.migrationbot");
  }

  @Test
  void domainUsesNoAwsGitHubJdbcOrJackson() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAnyPackage(DOMAIN)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "software.amazon..",
                "com.amazonaws..",
                "org.kohsuke..",
                "java.sql..",
                "javax.sql..",
                "org.postgresql..",
                "com.fasterxml..")
            .because("the domain is pure; adapters live in postgres, github and lambda");
    rule.check(classes);
  }

  @Test
  void domainReadsNoClockAndNoEnvironment() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAnyPackage(DOMAIN)
            .should()
            .callMethod(java.time.Instant.class, "now")
            .orShould()
            .callMethod(java.time.LocalDateTime.class, "now")
            .orShould()
            .callMethod(java.time.OffsetDateTime.class, "now")
            .orShould()
            .callMethod(java.time.ZonedDateTime.class, "now")
            .orShould()
            .callMethod(java.time.Clock.class, "systemUTC")
            .orShould()
            .callMethod(java.time.Clock.class, "systemDefaultZone")
            .orShould()
            .callMethod(System.class, "currentTimeMillis")
            .orShould()
            .callMethod(System.class, "nanoTime")
            .orShould()
            .callMethod(System.class, "getenv")
            .orShould()
            .callMethod(System.class, "getenv", String.class)
            .orShould()
            .callMethod(System.class, "getProperty", String.class)
            .because(
                "time and configuration are parameters (Instant now, TimeBudget) of the domain");
    rule.check(classes);
  }

  @Test
  void analyzerDoesNotKnowTheRollout() {
    noClasses()
        .that()
        .resideInAPackage("dev.migrationbot.analyzer..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.migrationbot.rollout..",
            "dev.migrationbot.postgres..",
            "dev.migrationbot.github..",
            "dev.migrationbot.lambda..",
            "dev.migrationbot.cli..")
        .check(classes);
  }
}
