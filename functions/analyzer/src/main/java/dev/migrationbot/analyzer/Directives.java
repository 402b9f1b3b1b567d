package dev.migrationbot.analyzer;

import dev.migrationbot.analyzer.sql.SourcePosition;
import dev.migrationbot.analyzer.sql.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code -- migration-bot: ...} comment directives attached to a statement:
 *
 * <ul>
 *   <li>{@code ignore <rule-id> <reason>} silences one rule for the statement; the reason is
 *       required and shows in reports;
 *   <li>{@code phase=<expand|backfill|contract>} overrides the planner's phase.
 * </ul>
 */
record Directives(List<Ignore> ignores, Optional<Phase> phase, List<Problem> problems) {

  static final String PREFIX = "migration-bot:";

  record Ignore(String ruleId, String reason, SourcePosition position) {}

  record Problem(String message, SourcePosition position) {}

  static Directives parse(String file, List<Token> comments, Set<String> ruleIds) {
    List<Ignore> ignores = new ArrayList<>();
    Phase phase = null;
    List<Problem> problems = new ArrayList<>();
    for (Token comment : comments) {
      String text = body(comment.value());
      if (!text.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
        continue;
      }
      SourcePosition at = new SourcePosition(file, comment.line(), comment.column());
      String directive = text.substring(PREFIX.length()).trim();
      String[] words = directive.split("\\s+", 3);
      String verb = words[0].toLowerCase(Locale.ROOT);
      if (verb.equals("ignore")) {
        if (words.length < 3 || words[2].isBlank()) {
          problems.add(
              new Problem(
                  "an ignore needs a rule id and a reason: -- migration-bot: ignore <rule-id>"
                      + " <why this is safe here>",
                  at));
        } else if (!ruleIds.contains(words[1])) {
          problems.add(
              new Problem("unknown rule '" + words[1] + "'" + suggest(words[1], ruleIds), at));
        } else {
          ignores.add(new Ignore(words[1], words[2].trim(), at));
        }
      } else if (verb.startsWith("phase")) {
        String value = directive.substring("phase".length()).replaceFirst("^\\s*=?\\s*", "").trim();
        try {
          phase = Phase.parse(value);
        } catch (IllegalArgumentException e) {
          problems.add(new Problem(e.getMessage(), at));
        }
      } else {
        problems.add(
            new Problem(
                "unknown directive '"
                    + words[0]
                    + "'; use 'ignore <rule-id> <reason>' or 'phase=<expand|backfill|contract>'",
                at));
      }
    }
    return new Directives(ignores, Optional.ofNullable(phase), problems);
  }

  private static String body(String comment) {
    if (comment.startsWith("--")) {
      return comment.substring(2).trim();
    }
    String inner = comment.substring(2, Math.max(2, comment.length() - 2));
    return inner.replaceAll("(?m)^\\s*\\*", "").trim();
  }

  /** "; did you mean 'x'?" for the closest known id, if it is close. */
  static String suggest(String word, Set<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int d = distance(word, candidate);
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    return best != null && bestDistance <= Math.max(2, word.length() / 3)
        ? "; did you mean '" + best + "'?"
        : "";
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
