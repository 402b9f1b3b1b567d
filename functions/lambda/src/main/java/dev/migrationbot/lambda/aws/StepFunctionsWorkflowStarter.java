package dev.migrationbot.lambda.aws;

import dev.migrationbot.rollout.port.RequestRejectedException;
import dev.migrationbot.rollout.port.RetryLaterException;
import dev.migrationbot.rollout.port.RolloutRequest;
import dev.migrationbot.rollout.port.WorkflowStart;
import dev.migrationbot.rollout.port.WorkflowStarter;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;

/**
 * Starts the rollout state machine (a Standard workflow) with a deterministic name and input. A
 * redelivered merge gets {@code ExecutionAlreadyExists} once the first execution has closed (while
 * it runs, Step Functions answers with the same execution); both count as "already started".
 */
public final class StepFunctionsWorkflowStarter implements WorkflowStarter {

  private static final String SERVICE = "Step Functions";

  private final SfnClient sfn;
  private final String stateMachineArn;

  public StepFunctionsWorkflowStarter(SfnClient sfn, String stateMachineArn) {
    this.sfn = Objects.requireNonNull(sfn, "sfn");
    this.stateMachineArn = Objects.requireNonNull(stateMachineArn, "stateMachineArn");
    if (!stateMachineArn.startsWith("arn:") || !stateMachineArn.contains(":stateMachine:")) {
      throw new IllegalArgumentException(
          "not a state machine ARN (arn:aws:states:REGION:ACCOUNT:stateMachine:NAME): "
              + stateMachineArn);
    }
  }

  @Override
  public WorkflowStart.Started start(RolloutRequest request) {
    return start(ExecutionNames.of(request), RolloutInput.of(request));
  }

  @Override
  public WorkflowStart.Started restart(RolloutRequest request, int attempt) {
    return start(ExecutionNames.retry(request, attempt), RolloutInput.of(request));
  }

  private WorkflowStart.Started start(String name, String input) {
    try {
      StartExecutionResponse response =
          sfn.startExecution(b -> b.stateMachineArn(stateMachineArn).name(name).input(input));
      // Step Functions answers a repeated start of a running execution with the same ARN.
      return new WorkflowStart.Started(name, response.executionArn(), false);
    } catch (ExecutionAlreadyExistsException e) {
      return new WorkflowStart.Started(name, executionArn(name), true);
    } catch (SfnException e) {
      if (e.isThrottlingException() || e.statusCode() >= 500) {
        throw new RetryLaterException(
            SERVICE,
            "starting rollout " + name + " failed (" + e.awsErrorDetails().errorCode() + ")",
            Optional.empty(),
            e);
      }
      throw new RequestRejectedException(
          SERVICE,
          e.statusCode(),
          "starting rollout "
              + name
              + " on "
              + stateMachineArn
              + " was refused: "
              + e.awsErrorDetails().errorCode()
              + " "
              + e.awsErrorDetails().errorMessage(),
          e);
    } catch (SdkClientException e) {
      throw new RetryLaterException(
          SERVICE, "Step Functions did not answer: " + e.getMessage(), Optional.empty(), e);
    }
  }

  /** {@code arn:...:stateMachine:M} names its executions {@code arn:...:execution:M:NAME}. */
  String executionArn(String name) {
    return stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + name;
  }
}
