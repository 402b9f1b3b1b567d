package dev.migrationbot.local;

/** A task failure with an explicit Step Functions error name, as matched by Retry and Catch. */
public class TaskFailure extends Exception {

  private final String errorType;

  public TaskFailure(String errorType, String message) {
    super(message);
    this.errorType = errorType;
  }

  public String errorType() {
    return errorType;
  }
}
