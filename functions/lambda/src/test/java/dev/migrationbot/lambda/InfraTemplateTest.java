package dev.migrationbot.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * infra/template.yaml against what it deploys: the state machine's placeholders, the handler
 * classes, the shaded jar, SnapStart aliases, the public webhook URL and least-privilege IAM.
 */
class InfraTemplateTest {

  /** Surefire runs in the module directory, functions/lambda. */
  private static final Path MODULE = Path.of("").toAbsolutePath();

  private static final Path ROOT = MODULE.getParent().getParent();
  private static final Path TEMPLATE = ROOT.resolve("infra/template.yaml");
  private static final Path DEFINITION = ROOT.resolve("statemachine/rollout.asl.json");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9]+)}");
  private static final Pattern SHORT_FORM_TAG =
      Pattern.compile(
          "(?m)(^|[\\s\\[{,:-])!(Ref|Sub|GetAtt|If|Join|Split|Select|Equals|Not|And|Or|Condition"
              + "|FindInMap|Base64|ImportValue|GetAZs|Cidr|Transform)\\b");

  private static JsonNode template;
  private static Map<String, JsonNode> functions;
  private static JsonNode stateMachine;

  @BeforeAll
  static void readTemplate() throws IOException {
    template = new ObjectMapper(new YAMLFactory()).readTree(TEMPLATE.toFile());
    functions = resourcesOfType("AWS::Serverless::Function");
    Map<String, JsonNode> machines = resourcesOfType("AWS::Serverless::StateMachine");
    assertThat(machines).containsOnlyKeys("RolloutStateMachine");
    stateMachine = machines.get("RolloutStateMachine").path("Properties");
  }

  @Test
  void usesOnlyLongFormIntrinsicsSoThatPlainYamlParsersReadIt() throws IOException {
    String withoutComments = Files.readString(TEMPLATE).replaceAll("(?m)(^|\\s)#.*$", "$1");

    assertThat(SHORT_FORM_TAG.matcher(withoutComments).results().map(MatchResult::group)).isEmpty();
  }

  @Test
  void everyPlaceholderOfTheDefinitionIsSubstitutedAndNothingElse() throws IOException {
    Set<String> placeholders = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(Files.readString(DEFINITION));
    while (m.find()) {
      placeholders.add(m.group(1));
    }

    assertThat(placeholders).isNotEmpty();
    assertThat(fieldNames(stateMachine.path("DefinitionSubstitutions")))
        .containsExactlyInAnyOrderElementsOf(placeholders);
    assertThat(
            ROOT.resolve("infra").resolve(stateMachine.path("DefinitionUri").asText()).normalize())
        .isEqualTo(DEFINITION.normalize());
    assertThat(stateMachine.path("Type").asText()).isEqualTo("STANDARD");
  }

  @Test
  void theStateMachineCallsTheStepFunctionsLiveAliasesAndMayInvokeNothingElse() {
    Set<String> substituted = new TreeSet<>();
    stateMachine
        .path("DefinitionSubstitutions")
        .forEach(
            value -> {
              assertThat(value.path("Ref").asText()).endsWith(".Alias");
              substituted.add(value.path("Ref").asText());
            });
    Set<String> stepAliases =
        functions.keySet().stream()
            .filter(name -> !name.equals("WebhookFunction"))
            .map(name -> name + ".Alias")
            .collect(Collectors.toCollection(TreeSet::new));

    assertThat(substituted).isEqualTo(stepAliases);
    List<JsonNode> statements = statements(stateMachine.path("Policies"));
    assertThat(statements).hasSize(1);
    assertThat(texts(statements.get(0).path("Action"))).containsExactly("lambda:InvokeFunction");
    Set<String> invocable =
        list(statements.get(0).path("Resource")).stream()
            .map(r -> r.path("Ref").asText())
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(invocable).isEqualTo(stepAliases);
  }

  /**
   * Fails for a handler class that is not on this module's classpath yet: the template names every
   * step handler the state machine needs.
   */
  @Test
  void everyHandlerIsAPublicHandleRequestOfAClassOnTheClasspath() {
    Map<String, String> problems = new LinkedHashMap<>();
    functions.forEach(
        (name, function) -> {
          String handler = property(function, "Handler").asText();
          String[] parts = handler.split("::", -1);
          if (parts.length != 2 || !parts[1].equals("handleRequest")) {
            problems.put(name, handler + " is not Class::handleRequest");
            return;
          }
          try {
            Class<?> type = Class.forName(parts[0]);
            boolean handles =
                Arrays.stream(type.getMethods())
                    .anyMatch(
                        method ->
                            method.getName().equals(parts[1])
                                && Modifier.isPublic(method.getModifiers())
                                && !method.isBridge());
            boolean constructible =
                Modifier.isPublic(type.getModifiers())
                    && Arrays.stream(type.getConstructors())
                        .anyMatch(c -> c.getParameterCount() == 0);
            if (!handles || !constructible) {
              problems.put(name, handler + " has no public no-argument constructor or method");
            }
          } catch (ClassNotFoundException e) {
            problems.put(name, parts[0] + " is not on the classpath");
          }
        });

    assertThat(problems).isEmpty();
  }

  @Test
  void theWebhookIsAPublicFunctionUrlWhoseAddressIsAnOutput() {
    JsonNode webhook = functions.get("WebhookFunction");

    assertThat(webhook.at("/Properties/FunctionUrlConfig/AuthType").asText()).isEqualTo("NONE");
    assertThat(template.at("/Outputs/WebhookUrl/Value/Fn::GetAtt"))
        .isEqualTo(array("WebhookFunctionUrl", "FunctionUrl"));
    functions.forEach(
        (name, function) -> {
          if (!name.equals("WebhookFunction")) {
            assertThat(function.path("Properties").has("FunctionUrlConfig")).as(name).isFalse();
          }
        });
  }

  @Test
  void everyFunctionRunsJava21FromASnapStartVersionBehindTheLiveAlias() {
    assertThat(functions).hasSize(10);
    functions.forEach(
        (name, function) -> {
          assertThat(property(function, "Runtime").asText()).as(name).isEqualTo("java21");
          assertThat(property(function, "SnapStart").path("ApplyOn").asText())
              .as(name)
              .isEqualTo("PublishedVersions");
          assertThat(property(function, "AutoPublishAlias").asText()).as(name).isEqualTo("live");
        });
  }

  @Test
  void everyFunctionRunsTheShadedJarThisModuleBuilds() throws Exception {
    Document pom =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(MODULE.resolve("pom.xml").toFile());
    Element build = child(pom.getDocumentElement(), "build");
    String finalName = child(build, "finalName").getTextContent().trim();
    assertThat(pom.getElementsByTagName("shadedArtifactAttached").getLength())
        .as("the shaded jar replaces the module's jar, so it carries the finalName")
        .isZero();
    Path jar = MODULE.resolve("target").resolve(finalName + ".jar");

    functions.forEach(
        (name, function) ->
            assertThat(
                    ROOT.resolve("infra")
                        .resolve(property(function, "CodeUri").asText())
                        .normalize())
                .as(name)
                .isEqualTo(jar.normalize()));
  }

  @Test
  void onlyTheWebhookAndTheContinueStepMayStartExecutionsAndOnlyOfThisStateMachine() {
    String name = stateMachine.at("/Name/Fn::Sub").asText();
    assertThat(name).isNotEmpty();
    JsonNode byName =
        JsonNodeFactory.instance
            .objectNode()
            .put(
                "Fn::Sub",
                "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:"
                    + name);
    JsonNode byRef = JsonNodeFactory.instance.objectNode().put("Ref", "RolloutStateMachine");

    Set<String> starters = new TreeSet<>();
    functions.forEach(
        (function, resource) -> {
          for (JsonNode statement : statements(resource.at("/Properties/Policies"))) {
            List<String> actions = texts(statement.path("Action"));
            if (actions.stream().anyMatch(a -> a.startsWith("states:"))) {
              starters.add(function);
              assertThat(actions).as(function).containsExactly("states:StartExecution");
              assertThat(list(statement.path("Resource"))).as(function).hasSize(1);
              assertThat(list(statement.path("Resource")).get(0)).as(function).isIn(byName, byRef);
            }
          }
        });

    assertThat(starters).containsExactlyInAnyOrder("WebhookFunction", "ContinueFunction");
    assertThat(environment(functions.get("ContinueFunction")).path("STATE_MACHINE_ARN"))
        .isEqualTo(byName);
    assertThat(environment(functions.get("WebhookFunction")).path("STATE_MACHINE_ARN"))
        .isIn(byName, byRef);
  }

  @Test
  void everyFunctionReadsTheNamedSecretsAndNoOthers() {
    List<JsonNode> secretStatements = new ArrayList<>();
    for (JsonNode statement : allStatements()) {
      List<String> actions = texts(statement.path("Action"));
      if (actions.stream().anyMatch(a -> a.startsWith("secretsmanager:"))) {
        secretStatements.add(statement);
      }
    }

    assertThat(secretStatements).hasSize(1);
    JsonNode statement = secretStatements.get(0);
    assertThat(texts(statement.path("Action"))).containsExactly("secretsmanager:GetSecretValue");
    JsonNode ids = statement.at("/Condition/StringEquals/secretsmanager:SecretId");
    assertThat(refs(ids)).containsExactlyInAnyOrder("GitHubSecretId", "DatabaseSecretIds");
    functions.forEach(
        (name, function) ->
            assertThat(list(function.at("/Properties/Policies")))
                .as(name)
                .contains(JsonNodeFactory.instance.objectNode().put("Ref", "ReadSecretsPolicy")));
  }

  @Test
  void noStatesOrSecretsPermissionCoversEveryResource() {
    for (JsonNode statement : allStatements()) {
      boolean sensitive =
          texts(statement.path("Action")).stream()
              .anyMatch(a -> a.startsWith("states:") || a.startsWith("secretsmanager:"));
      if (sensitive) {
        assertThat(list(statement.path("Resource")))
            .as(statement.toString())
            .isNotEmpty()
            .noneMatch(r -> r.isTextual() && r.asText().equals("*"));
      }
    }
  }

  @Test
  void everyFunctionAndTheStateMachineLogToAGroupWithTheRetentionParameter() {
    Map<String, JsonNode> groups = resourcesOfType("AWS::Logs::LogGroup");
    groups.forEach(
        (name, group) ->
            assertThat(group.at("/Properties/RetentionInDays/Ref").asText())
                .as(name)
                .isEqualTo("LogRetentionDays"));
    Set<String> used = new LinkedHashSet<>();
    functions.forEach(
        (name, function) ->
            used.add(function.at("/Properties/LoggingConfig/LogGroup/Ref").asText()));
    used.add(
        stateMachine
            .at("/Logging/Destinations/0/CloudWatchLogsLogGroup/LogGroupArn/Fn::GetAtt/0")
            .asText());

    assertThat(used).hasSize(functions.size() + 1);
    assertThat(groups).containsOnlyKeys(used);
  }

  @Test
  void alarmsWatchFailedRolloutsAndWebhookErrors() {
    Map<String, JsonNode> alarms = resourcesOfType("AWS::CloudWatch::Alarm");
    Set<String> watched =
        alarms.values().stream()
            .map(
                a ->
                    a.at("/Properties/MetricName").asText()
                        + " of "
                        + a.at("/Properties/Dimensions/0/Value/Ref").asText())
            .collect(Collectors.toSet());

    assertThat(watched)
        .containsExactlyInAnyOrder(
            "ExecutionsFailed of RolloutStateMachine", "Errors of WebhookFunction");
  }

  private static Map<String, JsonNode> resourcesOfType(String type) {
    Map<String, JsonNode> found = new LinkedHashMap<>();
    template
        .path("Resources")
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().path("Type").asText().equals(type)) {
                found.put(e.getKey(), e.getValue());
              }
            });
    return found;
  }

  /** A function's property, or the Globals value it inherits. */
  private static JsonNode property(JsonNode function, String name) {
    JsonNode own = function.path("Properties").path(name);
    return own.isMissingNode() ? template.at("/Globals/Function").path(name) : own;
  }

  /** The function's variables over the Globals ones, as SAM merges them. */
  private static JsonNode environment(JsonNode function) {
    ObjectNode merged = JsonNodeFactory.instance.objectNode();
    merged.setAll((ObjectNode) template.at("/Globals/Function/Environment/Variables"));
    JsonNode own = function.at("/Properties/Environment/Variables");
    if (own.isObject()) {
      merged.setAll((ObjectNode) own);
    }
    return merged;
  }

  /**
   * The statements of a SAM Policies list: inline documents, and managed policies of this template
   * referred to by Ref.
   */
  private static List<JsonNode> statements(JsonNode policies) {
    List<JsonNode> statements = new ArrayList<>();
    for (JsonNode policy : list(policies)) {
      JsonNode document =
          policy.has("Ref")
              ? template.at(
                  "/Resources/" + policy.path("Ref").asText() + "/Properties/PolicyDocument")
              : policy;
      statements.addAll(list(document.path("Statement")));
    }
    return statements;
  }

  /** Every statement once, though several functions attach the same managed policy. */
  private static Set<JsonNode> allStatements() {
    Set<JsonNode> statements = new LinkedHashSet<>();
    functions.values().forEach(f -> statements.addAll(statements(f.at("/Properties/Policies"))));
    statements.addAll(statements(stateMachine.path("Policies")));
    resourcesOfType("AWS::IAM::ManagedPolicy")
        .values()
        .forEach(p -> statements.addAll(list(p.at("/Properties/PolicyDocument/Statement"))));
    resourcesOfType("AWS::IAM::Policy")
        .values()
        .forEach(p -> statements.addAll(list(p.at("/Properties/PolicyDocument/Statement"))));
    return statements;
  }

  /** Every parameter or resource a Ref anywhere inside the node names. */
  private static Set<String> refs(JsonNode node) {
    Set<String> found = new TreeSet<>();
    if (node.has("Ref")) {
      found.add(node.path("Ref").asText());
    }
    node.forEach(child -> found.addAll(refs(child)));
    return found;
  }

  private static List<JsonNode> list(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    return node.isArray()
        ? StreamSupport.stream(node.spliterator(), false).toList()
        : List.of(node);
  }

  private static List<String> texts(JsonNode node) {
    return list(node).stream().map(JsonNode::asText).toList();
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static JsonNode array(String... values) {
    var array = JsonNodeFactory.instance.arrayNode();
    Arrays.stream(values).forEach(array::add);
    return array;
  }

  private static Element child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        return e;
      }
    }
    throw new AssertionError("no <" + name + "> in <" + parent.getTagName() + ">");
  }
}
