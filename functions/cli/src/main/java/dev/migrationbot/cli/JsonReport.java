package dev.migrationbot.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.migrationbot.analyzer.Analysis;
import dev.migrationbot.analyzer.AnalyzedStatement;
import dev.migrationbot.analyzer.EffectClaim;
import dev.migrationbot.analyzer.FileAnalysis;
import dev.migrationbot.analyzer.Finding;
import dev.migrationbot.analyzer.LockClaim;
import dev.migrationbot.analyzer.Phase;
import dev.migrationbot.analyzer.Severity;

/**
 * The analysis as JSON. The documented keys (pgVersion, files[].path, statements[].line, column,
 * sql, kind, locks[].relation/mode/blocks, effects, findings[].rule/code/severity/message/
 * safeAlternative, summary.errors/warnings/infos) are a stable interface; others may be added.
 */
final class JsonReport {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  static String render(Analysis analysis) {
    ObjectNode root = JSON.createObjectNode();
    root.put("pgVersion", analysis.pgMajor());
    root.put("transaction", analysis.transactionMode().displayName());
    ArrayNode files = root.putArray("files");
    for (FileAnalysis file : analysis.files()) {
      ObjectNode f = files.addObject();
      f.put("path", file.path());
      ArrayNode statements = f.putArray("statements");
      for (AnalyzedStatement s : file.statements()) {
        statement(statements.addObject(), s);
      }
      ArrayNode fileFindings = f.putArray("findings");
      file.fileFindings().forEach(x -> finding(fileFindings.addObject(), x));
    }
    ObjectNode summary = root.putObject("summary");
    summary.put("statements", analysis.statementCount());
    summary.put("errors", analysis.count(Severity.ERROR));
    summary.put("warnings", analysis.count(Severity.WARNING));
    summary.put("infos", analysis.count(Severity.INFO));
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  private static void statement(ObjectNode node, AnalyzedStatement s) {
    node.put("line", s.source().line());
    node.put("column", s.source().position().column());
    node.put("endLine", s.source().endLine());
    node.put("sql", s.source().text());
    node.put("kind", s.statement().map(x -> x.kind()).orElse("syntax-error"));
    node.put(
        "claim", s.facts().claim().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    ArrayNode locks = node.putArray("locks");
    for (LockClaim lock : s.facts().locks()) {
      ObjectNode l = locks.addObject();
      l.put("relation", lock.relation().toString());
      l.put("mode", lock.mode().displayName());
      ArrayNode blocks = l.putArray("blocks");
      lock.mode().blocks().forEach(b -> blocks.add(b.displayName()));
    }
    ArrayNode effects = node.putArray("effects");
    s.facts().effects().stream()
        .map(EffectClaim::effect)
        .distinct()
        .forEach(e -> effects.add(e.displayName()));
    s.phase().map(Phase::displayName).ifPresent(p -> node.put("phase", p));
    ObjectNode transaction = node.putObject("transaction");
    transaction.put("inBlock", s.transaction().inBlock());
    transaction.put("id", s.transaction().id());
    transaction.put("forbidden", s.facts().transactionForbidden());
    ArrayNode findings = node.putArray("findings");
    s.findings().forEach(f -> finding(findings.addObject(), f));
    ArrayNode suppressed = node.putArray("suppressed");
    for (AnalyzedStatement.Suppressed x : s.suppressed()) {
      ObjectNode f = suppressed.addObject();
      finding(f, x.finding());
      f.put("reason", x.reason());
    }
  }

  private static void finding(ObjectNode node, Finding f) {
    node.put("rule", f.ruleId());
    node.put("code", f.code());
    node.put("severity", f.severity().displayName());
    node.put("message", f.message());
    node.put("safeAlternative", f.safeAlternative());
    node.put("line", f.position().line());
    node.put("column", f.position().column());
  }
}
