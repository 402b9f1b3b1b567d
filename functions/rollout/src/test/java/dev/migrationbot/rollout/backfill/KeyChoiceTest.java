package dev.migrationbot.rollout.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrationbot.analyzer.QualifiedName;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyChoiceTest {

  private static final QualifiedName T = QualifiedName.of("public", "events");

  @Test
  void prefersThePrimaryKey() {
    CandidateKey unique = new CandidateKey("a_key", false, List.of(new KeyColumn("a", "bigint")));
    CandidateKey primary =
        new CandidateKey(
            "events_pkey",
            true,
            List.of(new KeyColumn("tenant", "integer"), new KeyColumn("id", "bigint")));
    assertThat(KeyChoice.choose(T, List.of(unique, primary), 13))
        .isEqualTo(new KeyChoice.Keyset("events_pkey", primary.columns()));
  }

  @Test
  void otherwiseTheUniqueKeyWithFewestColumns() {
    CandidateKey two =
        new CandidateKey(
            "a_b_key", false, List.of(new KeyColumn("a", "text"), new KeyColumn("b", "text")));
    CandidateKey one = new CandidateKey("z_key", false, List.of(new KeyColumn("z", "uuid")));
    assertThat(KeyChoice.choose(T, List.of(two, one), 16))
        .isEqualTo(new KeyChoice.Keyset("z_key", one.columns()));
  }

  @Test
  void withoutAKeyWalksCtidRangesFromFourteenOn() {
    assertThat(KeyChoice.choose(T, List.of(), 14)).isInstanceOf(KeyChoice.CtidRanges.class);
    assertThat(KeyChoice.choose(T, List.of(), 18)).isInstanceOf(KeyChoice.CtidRanges.class);
  }

  @Test
  void withoutAKeyRefusesBeforeFourteenAndSaysWhatToDo() {
    KeyChoice choice = KeyChoice.choose(T, List.of(), 13);
    assertThat(choice).isInstanceOf(KeyChoice.Refused.class);
    assertThat(((KeyChoice.Refused) choice).message())
        .contains("public.events has no primary key")
        .contains("PostgreSQL 13 cannot scan ctid ranges")
        .contains("ADD PRIMARY KEY USING INDEX")
        .contains("upgrade to PostgreSQL 14");
  }
}
