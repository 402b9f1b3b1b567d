package dev.migrationbot.lambda;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The GitHub adapter and the AWS adapters take their configuration from the composition root: only
 * the wiring in {@code lambda} (and the CLI) reads the environment.
 */
class AdapterArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.migrationbot");
  }

  @Test
  void adaptersReadNoEnvironment() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.migrationbot.github..", "dev.migrationbot.lambda.aws..")
        .should()
        .callMethod(System.class, "getenv")
        .orShould()
        .callMethod(System.class, "getenv", String.class)
        .orShould()
        .callMethod(System.class, "getProperty", String.class)
        .orShould()
        .callMethod(System.class, "getProperty", String.class, String.class)
        .because("the wiring reads the environment once and passes values to the adapters")
        .check(classes);
  }

  @Test
  void theGitHubAdapterKnowsNoAws() {
    noClasses()
        .that()
        .resideInAPackage("dev.migrationbot.github..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.migrationbot.lambda..", "software.amazon..", "com.amazonaws..")
        .check(classes);
  }
}
