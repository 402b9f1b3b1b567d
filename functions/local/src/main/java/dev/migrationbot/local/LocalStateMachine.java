package dev.migrationbot.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Executes an Amazon States Language definition with aws-local-stepfunctions, serving chosen Task
 * states from Java code in this JVM.
 *
 * <p>The engine runs in a Node process driven through its JavaScript API; each overridden Task
 * state calls back into this JVM over a loopback HTTP endpoint, so handlers run with the real
 * inputs, outputs and errors that Retry, Catch and Choice states see.
 */
public final class LocalStateMachine {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final StateMachineTools tools;
  private final JsonNode definition;
  private final Map<String, TaskHandler> tasks;
  private final Map<String, Long> waitOverridesMillis;
  private final Map<String, Long> retryOverridesMillis;

  private LocalStateMachine(Builder builder) {
    this.tools = builder.tools;
    this.definition = builder.definition;
    this.tasks = Map.copyOf(builder.tasks);
    this.waitOverridesMillis = Map.copyOf(builder.waitOverridesMillis);
    this.retryOverridesMillis = Map.copyOf(builder.retryOverridesMillis);
  }

  public static Builder builder(StateMachineTools tools, JsonNode definition) {
    return new Builder(tools, definition);
  }

  public static JsonNode readDefinition(Path file) {
    try {
      return JSON.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read state machine definition " + file, e);
    }
  }

  /**
   * Runs one execution to its end.
   *
   * @throws LocalEngineException when the engine cannot run the definition (invalid ASL, Node
   *     failure) or the execution takes longer than {@code timeout}
   */
  public Execution run(JsonNode input, Duration timeout) {
    HttpServer server = startTaskServer();
    ExecutorService executor = Executors.newCachedThreadPool();
    server.setExecutor(executor);
    server.start();
    try {
      return runEngine(input, timeout, "http://127.0.0.1:" + server.getAddress().getPort());
    } finally {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  private Execution runEngine(JsonNode input, Duration timeout, String baseUrl) {
    ObjectNode request = JSON.createObjectNode();
    request.set("definition", definition);
    request.set("input", input);
    ObjectNode taskUrls = request.putObject("tasks");
    tasks
        .keySet()
        .forEach(
            state ->
                taskUrls.put(
                    state, baseUrl + "/task/" + URLEncoder.encode(state, StandardCharsets.UTF_8)));
    request.set("waitTimeOverrides", JSON.valueToTree(waitOverridesMillis));
    request.set("retryIntervalOverrides", JSON.valueToTree(retryOverridesMillis));
    request.set("context", context(input));

    Process process;
    try {
      process =
          new ProcessBuilder(
                  tools.node().toString(),
                  tools.folder().resolve("run-state-machine.mjs").toString())
              .directory(tools.folder().toFile())
              .start();
    } catch (IOException e) {
      throw new LocalEngineException("cannot start Node at " + tools.node(), e);
    }
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    Thread stderrPump = pump(process.getErrorStream(), stderr);
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    Thread stdoutPump = pump(process.getInputStream(), stdout);
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(JSON.writeValueAsBytes(request));
    } catch (IOException e) {
      process.destroyForcibly();
      throw new LocalEngineException("cannot send the execution request to Node", e);
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new LocalEngineException("the execution did not finish within " + timeout);
      }
      stdoutPump.join();
      stderrPump.join();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new LocalEngineException("interrupted while the state machine ran", e);
    }
    String out = stdout.toString(StandardCharsets.UTF_8).trim();
    if (process.exitValue() != 0 || out.isEmpty()) {
      throw new LocalEngineException(
          "aws-local-stepfunctions failed (exit "
              + process.exitValue()
              + "): "
              + stderr.toString(StandardCharsets.UTF_8).trim());
    }
    try {
      return Execution.fromJson(JSON.readTree(out.substring(out.lastIndexOf('\n') + 1)));
    } catch (IOException e) {
      throw new LocalEngineException("unreadable engine output: " + out, e);
    }
  }

  /**
   * The context object ({@code $$}) as Step Functions fills it: the engine only provides the input
   * and start time, definitions also read the execution's id and name.
   */
  private static JsonNode context(JsonNode input) {
    String name = java.util.UUID.randomUUID().toString();
    ObjectNode context = JSON.createObjectNode();
    ObjectNode execution = context.putObject("Execution");
    execution.put("Id", "arn:aws:states:us-east-1:000000000000:execution:local:" + name);
    execution.put("Name", name);
    execution.set("Input", input);
    context
        .putObject("StateMachine")
        .put("Id", "arn:aws:states:us-east-1:000000000000:stateMachine:local");
    return context;
  }

  private HttpServer startTaskServer() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/task/", this::serveTask);
      return server;
    } catch (IOException e) {
      throw new LocalEngineException("cannot open a loopback port for task handlers", e);
    }
  }

  private void serveTask(HttpExchange exchange) throws IOException {
    String state =
        URLDecoder.decode(
            exchange.getRequestURI().getRawPath().substring("/task/".length()),
            StandardCharsets.UTF_8);
    int status;
    JsonNode body;
    try (InputStream in = exchange.getRequestBody()) {
      JsonNode input = JSON.readTree(in);
      body = tasks.get(state).handle(input);
      status = 200;
    } catch (TaskFailure failure) {
      body = error(failure.errorType(), failure.getMessage());
      status = 500;
    } catch (Exception | Error e) {
      body = error(e.getClass().getName(), String.valueOf(e.getMessage()));
      status = 500;
    }
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("content-type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static JsonNode error(String type, String message) {
    ObjectNode node = JSON.createObjectNode();
    node.put("errorType", type);
    node.put("errorMessage", message);
    return node;
  }

  private static Thread pump(InputStream from, ByteArrayOutputStream to) {
    Thread thread =
        new Thread(
            () -> {
              try {
                from.transferTo(to);
              } catch (IOException ignored) {
                // the process ended; what was read so far is all there is
              }
            },
            "state-machine-output");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** Configures which states are served from Java and how long Wait states and retries pause. */
  public static final class Builder {
    private final StateMachineTools tools;
    private final JsonNode definition;
    private final Map<String, TaskHandler> tasks = new LinkedHashMap<>();
    private final Map<String, Long> waitOverridesMillis = new LinkedHashMap<>();
    private final Map<String, Long> retryOverridesMillis = new LinkedHashMap<>();

    private Builder(StateMachineTools tools, JsonNode definition) {
      this.tools = tools;
      this.definition = definition;
    }

    public Builder task(String state, TaskHandler handler) {
      tasks.put(state, handler);
      return this;
    }

    /** Makes a Wait state pause for the given duration instead of its definition's. */
    public Builder waitFor(String state, Duration pause) {
      waitOverridesMillis.put(state, pause.toMillis());
      return this;
    }

    /** Makes every Wait state of the definition pause for the given duration. */
    public Builder everyWaitFor(Duration pause) {
      definition
          .path("States")
          .properties()
          .forEach(
              state -> {
                if ("Wait".equals(state.getValue().path("Type").asText())) {
                  waitFor(state.getKey(), pause);
                }
              });
      return this;
    }

    /** Makes every retry of a state pause for the given duration instead of its backoff. */
    public Builder retryAfter(String state, Duration pause) {
      retryOverridesMillis.put(state, pause.toMillis());
      return this;
    }

    public LocalStateMachine build() {
      return new LocalStateMachine(this);
    }
  }
}
