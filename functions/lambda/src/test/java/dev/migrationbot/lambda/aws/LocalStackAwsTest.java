package dev.migrationbot.lambda.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrationbot.rollout.port.RolloutRequest;
import dev.migrationbot.rollout.port.WorkflowStart;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The AWS adapters against LocalStack ({@code mvn verify -Plocalstack}, needs Docker). The image is
 * pinned to the last LocalStack release that runs without an account; {@code
 * -Dlocalstack.image=...} picks another, and newer images need {@code LOCALSTACK_AUTH_TOKEN}.
 */
@Tag("docker")
@Testcontainers(disabledWithoutDocker = true)
class LocalStackAwsTest {

  /** Releases after 4.14.0 (and the calendar-versioned ones) refuse to start without a token. */
  static final String DEFAULT_IMAGE = "localstack/localstack:4.14.0";

  private static final Pattern SEMVER = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.\\d+)?");
  private static final String PASS_MACHINE =
      "{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Pass\",\"End\":true}}}";

  private static LocalStackContainer localstack;
  private static SfnClient sfn;
  private static SecretsManagerClient secretsManager;

  @BeforeAll
  static void start() {
    String image = System.getProperty("localstack.image", DEFAULT_IMAGE);
    String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
    Assumptions.assumeTrue(
        !needsAuthToken(image) || (token != null && !token.isBlank()),
        image
            + " needs LOCALSTACK_AUTH_TOKEN, which is not set: set it, or run with"
            + " -Dlocalstack.image="
            + DEFAULT_IMAGE);
    localstack =
        new LocalStackContainer(
                DockerImageName.parse(image).asCompatibleSubstituteFor("localstack/localstack"))
            .withServices("stepfunctions", "secretsmanager");
    if (token != null && !token.isBlank()) {
      localstack.withEnv("LOCALSTACK_AUTH_TOKEN", token);
    }
    localstack.start();
    StaticCredentialsProvider credentials =
        StaticCredentialsProvider.create(
            AwsBasicCredentials.create(localstack.getAccessKey(), localstack.getSecretKey()));
    Region region = Region.of(localstack.getRegion());
    sfn =
        AwsClients.stepFunctions(
            region, credentials, Optional.of(localstack.getEndpoint()), Duration.ofSeconds(20));
    secretsManager =
        AwsClients.secretsManager(
            region, credentials, Optional.of(localstack.getEndpoint()), Duration.ofSeconds(20));
  }

  @AfterAll
  static void stop() {
    if (localstack != null) {
      sfn.close();
      secretsManager.close();
      localstack.stop();
    }
  }

  /** Whether LocalStack's image of that tag starts only with an auth token. */
  static boolean needsAuthToken(String image) {
    String tag = image.contains(":") ? image.substring(image.lastIndexOf(':') + 1) : "latest";
    Matcher version = SEMVER.matcher(tag);
    if (!version.matches()) {
      return true;
    }
    int major = Integer.parseInt(version.group(1));
    int minor = Integer.parseInt(version.group(2));
    return major > 4 || (major == 4 && minor > 14);
  }

  @Test
  void aMergeStartsOneExecution() throws InterruptedException {
    String machine =
        sfn.createStateMachine(
                b ->
                    b.name("migration-rollout")
                        .definition(PASS_MACHINE)
                        .roleArn("arn:aws:iam::000000000000:role/migration-rollout"))
            .stateMachineArn();
    StepFunctionsWorkflowStarter starter = new StepFunctionsWorkflowStarter(sfn, machine);
    RolloutRequest request =
        ExecutionNamesTest.request("acme", "shop", 7, ExecutionNamesTest.MERGE);

    WorkflowStart.Started first = starter.start(request);
    awaitClosed(first.executionId());
    WorkflowStart.Started again = starter.start(request);

    assertThat(first.alreadyStarted()).isFalse();
    assertThat(again)
        .isEqualTo(new WorkflowStart.Started(first.executionName(), first.executionId(), true));
    assertThat(sfn.listExecutions(b -> b.stateMachineArn(machine)).executions()).hasSize(1);
  }

  @Test
  void readsAndCachesADatabaseSecret() {
    secretsManager.createSecret(
        b ->
            b.name("prod/main-db")
                .secretString(
                    "{\"username\":\"migration_bot\",\"password\":\"pw\",\"host\":\"db\","
                        + "\"port\":5432,\"dbname\":\"shop\"}"));
    SecretsManagerSecrets secrets =
        new SecretsManagerSecrets(secretsManager, Duration.ofMinutes(5), Clock.systemUTC());

    assertThat(secrets.database("prod/main-db"))
        .isEqualTo(new DatabaseCredentials("migration_bot", "pw", "db", 5432, "shop"));
  }

  private static void awaitClosed(String executionArn) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(30);
    while (sfn.describeExecution(b -> b.executionArn(executionArn)).status()
        == ExecutionStatus.RUNNING) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("the execution did not finish within 30 s");
      }
      Thread.sleep(200);
    }
  }
}
