package dev.migrationbot.rollout.text;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** Suggests what a misspelt word most likely meant, for error messages that say what to do. */
public final class DidYouMean {

  private DidYouMean() {}

  /**
   * The candidate that {@code word} most likely meant: one it is a prefix of, or one within two
   * edits (a third of the word's length for short words), compared case-insensitively.
   */
  public static Optional<String> closest(String word, Collection<String> candidates) {
    String lower = word.toLowerCase(Locale.ROOT);
    int limit = Math.max(1, Math.min(2, lower.length() / 3));
    return candidates.stream()
        .filter(
            c -> {
              String candidate = c.toLowerCase(Locale.ROOT);
              return (lower.length() >= 2 && candidate.startsWith(lower))
                  || editDistance(candidate, lower) <= limit;
            })
        .min(Comparator.comparingInt(c -> editDistance(c.toLowerCase(Locale.ROOT), lower)));
  }

  /** Levenshtein distance: insertions, deletions and substitutions. */
  public static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
