package dev.migrationbot.lambda;

import dev.migrationbot.analyzer.RuleInfo;
import dev.migrationbot.analyzer.rules.RuleCatalog;
import dev.migrationbot.github.GitHubClient;
import dev.migrationbot.github.GitHubCredentials;
import dev.migrationbot.github.GitHubHttp;
import dev.migrationbot.github.GitHubRepositoryConfigs;
import dev.migrationbot.github.PrivateKeys;
import dev.migrationbot.lambda.aws.AwsClients;
import dev.migrationbot.lambda.aws.GitHubAppSecret;
import dev.migrationbot.lambda.aws.SecretsManagerSecrets;
import dev.migrationbot.lambda.aws.StepFunctionsWorkflowStarter;
import dev.migrationbot.rollout.port.WorkflowStarter;
import dev.migrationbot.rollout.review.PullRequestBot;
import dev.migrationbot.rollout.review.ReviewReport;
import dev.migrationbot.rollout.review.ReviewStateCodec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.regions.Region;

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
    Region region = Region.of(require("AWS_REGION"));
    var credentials = EnvironmentVariableCredentialsProvider.create();
    SecretsManagerSecrets secrets =
        new SecretsManagerSecrets(
            AwsClients.secretsManager(region, credentials, Optional.empty(), AWS_CALL_BUDGET),
            SECRET_TTL,
            clock);
    GitHubAppSecret app = secrets.gitHubApp(require("MIGRATION_BOT_GITHUB_SECRET_ID"));
    GitHubClient github =
        GitHubClient.asApp(
            gitHubHttp(Optional.ofNullable(env.get("GITHUB_API_URL"))),
            new GitHubCredentials.App(app.appId(), PrivateKeys.parse(app.privateKey())),
            clock);
    WorkflowStarter starter = rolloutStarter(require("STATE_MACHINE_ARN"), region, credentials);
    return webhook(
        github,
        app.webhookSecret().getBytes(StandardCharsets.UTF_8),
        starter,
        Optional.ofNullable(env.get("MIGRATION_BOT_DOCS_URL")),
        clock);
  }

  /** The webhook around a GitHub client and a workflow starter: shared by Lambda and `serve`. */
  public static WebhookService webhook(
      GitHubClient github,
      byte[] webhookSecret,
      WorkflowStarter starter,
      Optional<String> docsUrl,
      Clock clock) {
    PullRequestBot bot =
        new PullRequestBot(
            github,
            github,
            new GitHubRepositoryConfigs(
                github, RuleCatalog.infos().stream().map(RuleInfo::id).collect(Collectors.toSet())),
            github,
            github,
            github,
            starter,
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
