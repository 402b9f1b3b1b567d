package dev.migrationbot.lambda.step;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.migrationbot.lambda.aws.ExecutionNames;
import java.util.Objects;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

/**
 * Continues on the same state machine: an execution ARN {@code arn:...:execution:M:NAME} names its
 * machine {@code arn:...:stateMachine:M}, so no configuration can point it elsewhere.
 */
public final class StepFunctionsContinuer implements ExecutionContinuer {

  private final SfnClient sfn;

  public StepFunctionsContinuer(SfnClient sfn) {
    this.sfn = Objects.requireNonNull(sfn, "sfn");
  }

  @Override
  public String continueAsNew(String executionId, ObjectNode input, int generation) {
    String[] parts = executionId.split(":");
    if (parts.length != 8 || !parts[5].equals("execution")) {
      throw new IllegalArgumentException(
          "not an execution ARN (arn:aws:states:REGION:ACCOUNT:execution:MACHINE:NAME): "
              + executionId);
    }
    String machine =
        String.join(
            ":", parts[0], parts[1], parts[2], parts[3], parts[4], "stateMachine", parts[6]);
    String name = ExecutionNames.continuation(parts[7], generation);
    try {
      return sfn.startExecution(b -> b.stateMachineArn(machine).name(name).input(input.toString()))
          .executionArn();
    } catch (ExecutionAlreadyExistsException e) {
      return String.join(
          ":", parts[0], parts[1], parts[2], parts[3], parts[4], "execution", parts[6], name);
    }
  }
}
