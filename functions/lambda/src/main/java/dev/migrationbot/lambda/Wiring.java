package dev.migrationbot.lambda;

import dev.migrationbot.analyzer.RuleInfo;
import dev.migrationbot.analyzer.rules.RuleCatalog;
import dev.migrationbot.github.GitHubClient;
import dev.migrationbot.github.GitHubCredentials;
import dev.migrationbot.github.GitHubHttp;
import dev.migrationbot.github.GitHubRepositoryConfigs;
import dev.migrationbot.github.PrivateKeys;
import dev.migrationbot.lambda.aws.AwsClients;
import dev.migrationbot.lambda.aws.DatabaseCredentials;
import dev.migrationbot.lambda.aws.GitHubAppSecret;
import dev.migrationbot.lambda.aws.SecretsManagerSecrets;
import dev.migrationbot.lambda.aws.StepFunctionsWorkflowStarter;
import dev.migrationbot.lambda.step.ExecutionContinuer;
import dev.migrationbot.lambda.step.Metrics;
import dev.migrationbot.lambda.step.RolloutSteps;
import dev.migrationbot.lambda.step.StepFunctionsContinuer;
import dev.migrationbot.postgres.PostgresRolloutEngines;
import dev.migrationbot.rollout.engine.EngineSettings;
import dev.migrationbot.rollout.port.RolloutControl;
import dev.migrationbot.rollout.port.RolloutEngines;
import dev.migrationbot.rollout.port.StepFailedException;
import dev.migrationbot.rollout.port.WorkflowStarter;
import dev.migrationbot.rollout.review.PullRequestBot;
import dev.migrationbot.rollout.review.ReviewReport;
import dev.migrationbot.rollout.review.ReviewStateCodec;
import dev.migrationbot.rollout.workflow.RolloutCommands;
import dev.migrationbot.rollout.workflow.RolloutWorkflow;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Builds the functions' collaborators: the only place that reads environment variables and creates
 * clients. Lambda calls it once per execution environment, at initialisation.
 *
 * <p>Environment: {@code MIGRATION_BOT_GITHUB_SECRET_ID} (Secrets Manager secret holding {@code
 * appId}, {@code privateKey} and {@code webhookSecret}), {@code STATE_MACHINE_ARN}, optional {@code
 * GITHUB_API_URL} (GitHub Enterprise) and {@code MIGRATION_BOT_DOCS_URL}; {@code AWS_REGION} and
 * the credentials come from Lambda.
 */
public final class Wiring {

  /** GitHub expects an answer within 10 s; the rest is for start-up and the network. */
  static final Duration WEBHOOK_DEADLINE = Duration.ofSeconds(8);

  private static final Duration GITHUB_RETRY_BUDGET = Duration.ofSeconds(5);
  private static final Duration AWS_CALL_BUDGET = Duration.ofSeconds(5);
  private static final Duration SECRET_TTL = Duration.ofMinutes(5);

  private final Map<String, String> env;
  private final Clock clock = Clock.systemUTC();

  Wiring(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  public static Wiring fromEnvironment() {
    return new Wiring(System.getenv());
  }

  WebhookService webhook() {
    SecretsManagerSecrets secrets = secrets();
    GitHubAppSecret app = secrets.gitHubApp(require("MIGRATION_BOT_GITHUB_SECRET_ID"));
    WorkflowStarter starter = rolloutStarter(require("STATE_MACHINE_ARN"), region(), credentials());
    return webhook(
        gitHubApp(app),
        app.webhookSecret().getBytes(StandardCharsets.UTF_8),
        starter,
        new RolloutCommands(engines(secrets), starter),
        Optional.ofNullable(env.get("MIGRATION_BOT_DOCS_URL")),
        clock);
  }

  /**
   * The rollout steps of the state machine's tasks. Environment as for the webhook, plus {@code
   * MIGRATION_BOT_DATABASE_SECRET_IDS}: the database secrets the repositories' configurations may
   * name (comma-separated), the same list the functions' IAM policy allows.
   */
  public RolloutSteps rolloutSteps() {
    SecretsManagerSecrets secrets = secrets();
    return steps(
        gitHubApp(secrets.gitHubApp(require("MIGRATION_BOT_GITHUB_SECRET_ID"))),
        engines(secrets),
        new StepFunctionsContinuer(stepFunctions()),
        System.out,
        clock);
  }

  /**
   * The execution role's credentials. A SnapStart function gets them from Lambda's container
   * credentials endpoint, not from environment variables (a snapshot would freeze those); without
   * SnapStart they are in environment variables. The provider is picked up front, so no discovery
   * chain runs at start-up.
   */
  AwsCredentialsProvider credentials() {
    return env.containsKey("AWS_CONTAINER_CREDENTIALS_FULL_URI")
        ? ContainerCredentialsProvider.builder().build()
        : EnvironmentVariableCredentialsProvider.create();
  }

  private Region region() {
    return Region.of(require("AWS_REGION"));
  }

  private SecretsManagerSecrets secrets() {
    return new SecretsManagerSecrets(
        AwsClients.secretsManager(region(), credentials(), Optional.empty(), AWS_CALL_BUDGET),
        SECRET_TTL,
        clock);
  }

  private SfnClient stepFunctions() {
    return AwsClients.stepFunctions(region(), credentials(), Optional.empty(), AWS_CALL_BUDGET);
  }

  private GitHubClient gitHubApp(GitHubAppSecret app) {
    return GitHubClient.asApp(
        gitHubHttp(Optional.ofNullable(env.get("GITHUB_API_URL"))),
        new GitHubCredentials.App(app.appId(), PrivateKeys.parse(app.privateKey())),
        clock);
  }

  /**
   * Engines for the databases whose secrets this deployment may read, and no others. Unset means
   * none: a bot that only reviews needs no database, and a rollout command then says which
   * parameter to set.
   */
  private RolloutEngines engines(SecretsManagerSecrets secrets) {
    Set<String> allowed =
        Arrays.stream(env.getOrDefault("MIGRATION_BOT_DATABASE_SECRET_IDS", "").split(","))
            .map(String::trim)
            .filter(id -> !id.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
    return new PostgresRolloutEngines(
        target -> {
          if (!allowed.contains(target.secretId())) {
            throw new StepFailedException(
                target.name(),
                Optional.empty(),
                "database `"
                    + target.name()
                    + "` names secret `"
                    + target.secretId()
                    + "`, which is not among the secrets this deployment may read"
                    + " (MIGRATION_BOT_DATABASE_SECRET_IDS); add it to the stack's"
                    + " DatabaseSecretIds parameter");
          }
          DatabaseCredentials db = secrets.database(target.secretId());
          return PostgresRolloutEngines.connect(db.jdbcUrl(), db.username(), db.password());
        },
        EngineSettings.DEFAULTS);
  }

  /** The rollout steps around a GitHub client and the databases: shared by Lambda and rehearse. */
  public static RolloutSteps steps(
      GitHubClient github,
      RolloutEngines engines,
      ExecutionContinuer continuer,
      PrintStream metricsOut,
      Clock clock) {
    RolloutWorkflow workflow =
        new RolloutWorkflow(github, configs(github), github, github, github, engines);
    return new RolloutSteps(workflow, continuer, new Metrics(metricsOut), clock);
  }

  private static GitHubRepositoryConfigs configs(GitHubClient github) {
    return new GitHubRepositoryConfigs(
        github, RuleCatalog.infos().stream().map(RuleInfo::id).collect(Collectors.toSet()));
  }

  /** The webhook around a GitHub client and a workflow starter: shared by Lambda and `serve`. */
  public static WebhookService webhook(
      GitHubClient github,
      byte[] webhookSecret,
      WorkflowStarter starter,
      RolloutControl rollouts,
      Optional<String> docsUrl,
      Clock clock) {
    PullRequestBot bot =
        new PullRequestBot(
            github,
            github,
            configs(github),
            github,
            github,
            github,
            starter,
            rollouts,
            ReviewStateCodec.forWebhookSecret(webhookSecret),
            new ReviewReport(docsUrl));
    return new WebhookService(webhookSecret, bot, clock, WEBHOOK_DEADLINE);
  }

  /** Starts rollouts on the state machine, each call within the webhook's budget for AWS. */
  public static StepFunctionsWorkflowStarter rolloutStarter(
      String stateMachineArn, Region region, AwsCredentialsProvider credentials) {
    return new StepFunctionsWorkflowStarter(
        AwsClients.stepFunctions(region, credentials, Optional.empty(), AWS_CALL_BUDGET),
        stateMachineArn);
  }

  /**
   * A GitHub HTTP client for github.com or the given API root (GitHub Enterprise, a test server).
   */
  public static GitHubHttp gitHubHttp(Optional<String> apiUrl) {
    return GitHubHttp.create(
        URI.create(apiUrl.orElse("https://api.github.com")), GITHUB_RETRY_BUDGET);
  }

  private String require(String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("environment variable " + name + " is not set");
    }
    return value;
  }
}
