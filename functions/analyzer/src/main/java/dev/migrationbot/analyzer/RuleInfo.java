package dev.migrationbot.analyzer;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a rule is about: the metadata that reports, the documentation page and the completeness test
 * all read.
 *
 * @param id kebab-case id, used in {@code -- migration-bot: ignore <id>}, config and docs URLs
 * @param code short stable code, e.g. {@code MB101}; never reused
 * @param severity the default severity (repository config may change it)
 * @param summary one line: what the rule catches
 * @param why why it matters: the lock, what it blocks, what happens in production
 * @param safeAlternative the safe way, as SQL (with placeholders such as {@code <table>})
 * @param versions the PostgreSQL majors the rule applies to
 */
public record RuleInfo(
    String id,
    String code,
    Severity severity,
    String summary,
    String why,
    String safeAlternative,
    VersionRange versions) {

  private static final Pattern ID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
  private static final Pattern CODE = Pattern.compile("MB\\d{3}");

  public RuleInfo {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(versions, "versions");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("rule id must be kebab-case: " + id);
    }
    if (!CODE.matcher(code).matches()) {
      throw new IllegalArgumentException("rule code must look like MB123: " + code);
    }
    if (summary.isBlank() || why.isBlank()) {
      throw new IllegalArgumentException("rule " + id + " needs a summary and a why");
    }
  }

  /** The documentation page, relative to the repository root. */
  public String docsPath() {
    return "docs/rules/" + id + ".md";
  }
}
