package dev.migrationbot.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The webhook function's cold start, measured in a fresh JVM on the shaded jar: the handler is
 * built as Lambda builds it (its public constructor, configured by the environment), then handles
 * one delivery, then the same delivery again as a warm function would.
 *
 * <p>{@code java -cp migration-bot-lambda.jar dev.migrationbot.lambda.ColdStart EVENT.json [WARM]},
 * where EVENT.json is an API Gateway v2 event ({@code headers}, {@code body}, {@code
 * isBase64Encoded}). The last line printed is JSON: {@code jvmToMainMs}, {@code initMs}, {@code
 * firstResponseMs} (from the start of the JVM to the first answer: the cold start), {@code status}
 * and {@code warmMs}, one figure per warm delivery.
 */
public final class ColdStart {

  private ColdStart() {}

  public static void main(String[] args) throws IOException {
    long mainAt = System.currentTimeMillis();
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: ColdStart EVENT.json [WARM_DELIVERIES]");
      System.exit(2);
    }
    ObjectMapper json = new ObjectMapper();
    APIGatewayV2HTTPEvent event = event(json.readTree(Files.readAllBytes(Path.of(args[0]))));
    int warm = args.length == 2 ? Integer.parseInt(args[1]) : 0;

    WebhookHandler handler = new WebhookHandler();
    long initAt = System.currentTimeMillis();
    APIGatewayV2HTTPResponse first = handler.handleRequest(event, null);
    long firstAt = System.currentTimeMillis();
    double[] warmMs = new double[warm];
    for (int i = 0; i < warm; i++) {
      long start = System.nanoTime();
      APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
      warmMs[i] = (System.nanoTime() - start) / 1e6;
      if (response.getStatusCode() != first.getStatusCode()) {
        throw new IllegalStateException(
            "warm delivery " + i + " answered " + response.getStatusCode() + ": " + response);
      }
    }
    // Read after the first answer: loading the management classes is not part of the cold start.
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();

    ObjectNode result = json.createObjectNode();
    result.put("jvmToMainMs", mainAt - jvmStart);
    result.put("initMs", initAt - mainAt);
    result.put("firstResponseMs", firstAt - jvmStart);
    result.put("status", first.getStatusCode());
    result.put("body", first.getBody());
    var warmArray = result.putArray("warmMs");
    for (double ms : warmMs) {
      warmArray.add(ms);
    }
    System.out.println(json.writeValueAsString(result));
  }

  private static APIGatewayV2HTTPEvent event(JsonNode json) {
    Map<String, String> headers = new HashMap<>();
    json.path("headers")
        .fields()
        .forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
    APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
    event.setHeaders(headers);
    event.setBody(json.path("body").asText());
    event.setIsBase64Encoded(json.path("isBase64Encoded").asBoolean());
    return event;
  }
}
