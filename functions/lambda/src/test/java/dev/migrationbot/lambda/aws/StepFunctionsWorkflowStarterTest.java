package dev.migrationbot.lambda.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.migrationbot.rollout.port.RequestRejectedException;
import dev.migrationbot.rollout.port.RetryLaterException;
import dev.migrationbot.rollout.port.RolloutRequest;
import dev.migrationbot.rollout.port.WorkflowStart;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Step Functions through a local stub that speaks its protocol (AWS JSON 1.0): a POST to / with
 * {@code X-Amz-Target: AWSStepFunctions.<Operation>}, errors as {@code {"__type", "message"}}.
 */
class StepFunctionsWorkflowStarterTest {

  @RegisterExtension
  static final WireMockExtension aws =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String MACHINE =
      "arn:aws:states:eu-west-1:123456789012:stateMachine:migration-rollout";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RolloutRequest request =
      ExecutionNamesTest.request("acme", "shop", 7, ExecutionNamesTest.MERGE);
  private final String name = ExecutionNames.of(request);
  private final String executionArn =
      "arn:aws:states:eu-west-1:123456789012:execution:migration-rollout:" + name;
  private final SfnClient sfn =
      AwsClients.stepFunctions(
          Region.EU_WEST_1,
          StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")),
          Optional.of(URI.create(aws.baseUrl())),
          Duration.ofSeconds(2));
  private final StepFunctionsWorkflowStarter starter =
      new StepFunctionsWorkflowStarter(sfn, MACHINE);

  @AfterEach
  void close() {
    sfn.close();
  }

  @Test
  void startsTheExecutionWithItsNameAndInput() throws Exception {
    aws.stubFor(
        startExecution()
            .willReturn(
                awsJson(200)
                    .withBody(
                        "{\"executionArn\":\"" + executionArn + "\",\"startDate\":1.7640642E9}")));

    WorkflowStart.Started start = starter.start(request);

    assertThat(start).isEqualTo(new WorkflowStart.Started(name, executionArn, false));
    aws.verify(
        1,
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("AWSStepFunctions.StartExecution"))
            .withHeader("Content-Type", equalTo("application/x-amz-json-1.0"))
            .withHeader(
                "Authorization",
                matching(
                    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\\d{8}/eu-west-1/states/aws4_request, .*"))
            .withRequestBody(
                equalToJson(
                    JSON.writeValueAsString(
                        Map.of(
                            "stateMachineArn", MACHINE,
                            "name", name,
                            "input", RolloutInput.of(request))))));
  }

  @Test
  void anExecutionThatExistsAlreadyCountsAsStarted() {
    aws.stubFor(
        startExecution()
            .willReturn(
                awsJson(400)
                    .withBody(
                        "{\"__type\":\"ExecutionAlreadyExists\",\"message\":\"Execution Already"
                            + " Exists: '"
                            + executionArn
                            + "'\"}")));

    assertThat(starter.start(request))
        .isEqualTo(new WorkflowStart.Started(name, executionArn, true));
    aws.verify(1, postRequestedFor(urlEqualTo("/")));
  }

  @Test
  void aMissingStateMachineIsRefusedWithItsArn() {
    aws.stubFor(
        startExecution()
            .willReturn(
                awsJson(400)
                    .withBody(
                        "{\"__type\":\"StateMachineDoesNotExist\",\"message\":\"State Machine Does"
                            + " Not Exist: '"
                            + MACHINE
                            + "'\"}")));

    assertThatThrownBy(() -> starter.start(request))
        .isInstanceOfSatisfying(
            RequestRejectedException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e)
                  .hasMessageContaining(
                      "was refused: StateMachineDoesNotExist State Machine Does Not Exist");
            });
  }

  @Test
  void throttlingMeansTryAgainLater() {
    aws.stubFor(
        startExecution()
            .willReturn(
                awsJson(400)
                    .withBody(
                        "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}")));

    long started = System.nanoTime();
    assertThatThrownBy(() -> starter.start(request)).isInstanceOf(RetryLaterException.class);
    // The SDK retries by itself, within the call budget.
    assertThat(aws.findAll(postRequestedFor(urlEqualTo("/")))).hasSizeGreaterThan(1);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void refusesSomethingThatIsNoStateMachineArn() {
    assertThatThrownBy(() -> new StepFunctionsWorkflowStarter(sfn, "migration-rollout"))
        .hasMessageContaining("not a state machine ARN");
  }

  private static MappingBuilder startExecution() {
    return post(urlEqualTo("/"))
        .withHeader("X-Amz-Target", equalTo("AWSStepFunctions.StartExecution"));
  }

  private static ResponseDefinitionBuilder awsJson(int status) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/x-amz-json-1.0")
        .withHeader("x-amzn-RequestId", "5f4b1c36-0a5e-4f0e-9d0e-2f3d1c2b7a10");
  }
}
