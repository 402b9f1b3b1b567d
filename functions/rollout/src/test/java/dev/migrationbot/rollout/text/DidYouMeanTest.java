package dev.migrationbot.rollout.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {

  private static final List<String> KEYS =
      List.of("migrations", "databases", "approvals", "rules", "backfill", "contract");

  @Test
  void suggestsTheClosestKey() {
    assertThat(DidYouMean.closest("aprovals", KEYS)).contains("approvals");
    assertThat(DidYouMean.closest("Databses", KEYS)).contains("databases");
    assertThat(DidYouMean.closest("back", KEYS)).contains("backfill");
  }

  @Test
  void suggestsNothingForUnrelatedWords() {
    assertThat(DidYouMean.closest("schedule", KEYS)).isEmpty();
    assertThat(DidYouMean.closest("x", KEYS)).isEmpty();
  }

  @Test
  void countsEdits() {
    assertThat(DidYouMean.editDistance("kitten", "sitting")).isEqualTo(3);
    assertThat(DidYouMean.editDistance("", "abc")).isEqualTo(3);
    assertThat(DidYouMean.editDistance("same", "same")).isZero();
  }
}
