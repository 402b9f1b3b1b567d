package dev.migrationbot.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.migrationbot.analyzer.Analysis;
import dev.migrationbot.analyzer.FileAnalysis;
import dev.migrationbot.analyzer.Finding;
import dev.migrationbot.analyzer.RuleInfo;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.rules.RuleCatalog;
import java.util.List;

/**
 * SARIF 2.1.0 for code-scanning tools: one run, every rule of the catalogue in the driver, one
 * result per finding with its file, line and column and the safe alternative as the fix text.
 */
final class SarifReport {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SarifReport() {}

  /**
   * @param docsBaseUrl where the rule pages live (…/docs/rules/), to link each rule; optional
   */
  static String render(Analysis analysis, String version, java.util.Optional<String> docsBaseUrl) {
    ObjectNode root = JSON.createObjectNode();
    root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    root.put("version", "2.1.0");
    ObjectNode run = root.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "migration-bot");
    driver.put("version", version);
    List<RuleInfo> rules = RuleCatalog.infos();
    ArrayNode ruleNodes = driver.putArray("rules");
    for (RuleInfo rule : rules) {
      ObjectNode r = ruleNodes.addObject();
      r.put("id", rule.code());
      r.put("name", rule.id());
      r.putObject("shortDescription").put("text", rule.summary());
      r.putObject("fullDescription").put("text", rule.why());
      docsBaseUrl.ifPresent(base -> r.put("helpUri", base + rule.id() + ".md"));
      r.putObject("help")
          .put("text", rule.why() + "\n\nSafe alternative:\n" + rule.safeAlternative());
      r.putObject("defaultConfiguration").put("level", level(rule.severity()));
    }
    ArrayNode results = run.putArray("results");
    for (FileAnalysis file : analysis.files()) {
      for (Finding finding : file.findings()) {
        ObjectNode result = results.addObject();
        result.put("ruleId", finding.code());
        result.put("ruleIndex", index(rules, finding.ruleId()));
        result.put("level", level(finding.severity()));
        String text =
            finding.message()
                + (finding.safeAlternative().isBlank()
                    ? ""
                    : "\nSafe alternative:\n" + finding.safeAlternative());
        result.putObject("message").put("text", text);
        ObjectNode location =
            result.putArray("locations").addObject().putObject("physicalLocation");
        location.putObject("artifactLocation").put("uri", file.path().replace('\\', '/'));
        ObjectNode region = location.putObject("region");
        region.put("startLine", Math.max(1, finding.position().line()));
        region.put("startColumn", Math.max(1, finding.position().column()));
      }
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write SARIF", e);
    }
  }

  private static int index(List<RuleInfo> rules, String id) {
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i).id().equals(id)) {
        return i;
      }
    }
    throw new IllegalStateException("finding of an unknown rule " + id);
  }

  private static String level(Severity severity) {
    return switch (severity) {
      case ERROR -> "error";
      case WARNING -> "warning";
      case INFO -> "note";
    };
  }
}
