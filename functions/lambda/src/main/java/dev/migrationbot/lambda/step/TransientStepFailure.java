package dev.migrationbot.lambda.step;

/**
 * A step could not run now (the database or GitHub is unreachable) and running it again later is
 * safe: the state machine's Retry matches this class name, as the Lambda runtime reports it.
 */
public final class TransientStepFailure extends RuntimeException {

  public TransientStepFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
