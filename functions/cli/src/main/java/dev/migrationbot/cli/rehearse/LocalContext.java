package dev.migrationbot.cli.rehearse;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What the Lambda runtime tells a handler about its invocation, for handlers run in this process:
 * the function's name, a request id, and the time left, which the steps size their work by.
 */
record LocalContext(
    String functionName, String requestId, int timeoutMillis, long startNanos, PrintStream log)
    implements Context {

  static LocalContext of(
      String functionName, String requestId, int timeoutMillis, PrintStream log) {
    return new LocalContext(functionName, requestId, timeoutMillis, System.nanoTime(), log);
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/" + functionName;
  }

  @Override
  public String getLogStreamName() {
    return "rehearsal";
  }

  @Override
  public String getFunctionName() {
    return functionName;
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:local:000000000000:function:" + functionName;
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    long elapsed = (System.nanoTime() - startNanos) / 1_000_000;
    return (int) Math.max(0, timeoutMillis - elapsed);
  }

  @Override
  public int getMemoryLimitInMB() {
    return 1024;
  }

  @Override
  public LambdaLogger getLogger() {
    return new LambdaLogger() {
      @Override
      public void log(String message) {
        log.print(message);
      }

      @Override
      public void log(byte[] message) {
        log.print(new String(message, StandardCharsets.UTF_8));
      }
    };
  }
}
