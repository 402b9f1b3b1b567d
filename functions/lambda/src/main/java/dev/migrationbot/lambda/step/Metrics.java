package dev.migrationbot.lambda.step;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;

/**
 * CloudWatch metrics as embedded-metric-format log lines: Lambda's log stream carries them to
 * CloudWatch without a client, a network call or a permission.
 */
public final class Metrics {

  static final String NAMESPACE = "migration-bot";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintStream out;

  public Metrics(PrintStream out) {
    this.out = out;
  }

  /**
   * One log line.
   *
   * @param step the dimension, e.g. {@code backfill}
   * @param values metric name to value; names ending in {@code Ms} are milliseconds, {@code
   *     PerSecond} counts per second, the rest counts
   * @param properties searchable context that is not a metric, e.g. the rollout id and hold reason
   */
  public void emit(
      String step, Map<String, Number> values, Map<String, String> properties, Instant at) {
    ObjectNode line = JSON.createObjectNode();
    ObjectNode aws = line.putObject("_aws");
    aws.put("Timestamp", at.toEpochMilli());
    ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
    directive.put("Namespace", NAMESPACE);
    directive.putArray("Dimensions").addArray().add("Step");
    ArrayNode metrics = directive.putArray("Metrics");
    line.put("Step", step);
    values.forEach(
        (name, value) -> {
          metrics.addObject().put("Name", name).put("Unit", unit(name));
          line.putPOJO(name, value);
        });
    properties.forEach(line::put);
    out.println(line);
  }

  private static String unit(String name) {
    if (name.endsWith("Ms")) {
      return "Milliseconds";
    }
    if (name.endsWith("PerSecond")) {
      return "Count/Second";
    }
    if (name.endsWith("Seconds")) {
      return "Seconds";
    }
    return "Count";
  }
}
