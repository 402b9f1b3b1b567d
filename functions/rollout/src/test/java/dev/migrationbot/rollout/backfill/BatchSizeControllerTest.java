package dev.migrationbot.rollout.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchSizeControllerTest {

  private final ControllerConfig config = ControllerConfig.ROWS;

  private BatchSizeController fresh() {
    return new BatchSizeController(config, ControllerState.initial(config));
  }

  private static void run(BatchSizeController c, int batches, long millis) {
    for (int i = 0; i < batches; i++) {
      c.completed(Duration.ofMillis(millis));
    }
  }

  @Test
  void startsAtOneThousandRows() {
    assertThat(fresh().size()).isEqualTo(1_000);
  }

  @Test
  void nearTheTargetKeepsTheSizeUntilTenBatchesAtThatSizeHaveRun() {
    BatchSizeController c = fresh();
    run(c, 9, 150);
    assertThat(c.size()).isEqualTo(1_000);
    c.completed(Duration.ofMillis(150));
    assertThat(c.size()).as("200/150 = x1.33").isEqualTo(1_333);
  }

  @Test
  void farBelowTheTargetThreeBatchesAreEnoughToGrow() {
    BatchSizeController c = fresh();
    run(c, 2, 100);
    assertThat(c.size()).isEqualTo(1_000);
    c.completed(Duration.ofMillis(100));
    assertThat(c.size()).as("x1.5 of 100 ms stays within 200 ms").isEqualTo(1_500);
    assertThat(c.state().windowMicros()).isEmpty();
    run(c, 3, 140);
    assertThat(c.size()).as("x1.5 of 140 ms would pass 200 ms: wait for ten").isEqualTo(1_500);
  }

  @Test
  void growsTowardsTheTargetButNeverMoreThanHalfAgain() {
    BatchSizeController c = fresh();
    run(c, 10, 160);
    assertThat(c.size()).as("200/160 = x1.25").isEqualTo(1_250);
    run(c, 1, 1);
    assertThat(c.size()).isEqualTo(1_875);
  }

  @Test
  void whileAGrownBatchWouldStayWithinHalfTheTargetEveryBatchGrows() {
    BatchSizeController c = fresh();
    c.completed(Duration.ofMillis(60));
    assertThat(c.size()).as("x1.5 of 60 ms = 90 ms, within 100 ms").isEqualTo(1_500);
    c.completed(Duration.ofMillis(66));
    assertThat(c.size()).isEqualTo(2_250);
    c.completed(Duration.ofMillis(70));
    assertThat(c.size()).as("x1.5 of 70 ms passes 100 ms: the window decides").isEqualTo(2_250);
  }

  @Test
  void decidesOnTheNinetiethPercentileNotTheMean() {
    BatchSizeController c = fresh();
    run(c, 2, 90);
    c.completed(Duration.ofMillis(400));
    run(c, 6, 50);
    assertThat(c.size()).as("one slow batch in the window holds the quick growth").isEqualTo(1_000);
    c.completed(Duration.ofMillis(400));
    assertThat(c.size()).as("p90 of the window is 400 ms: shrink by half").isEqualTo(500);
  }

  @Test
  void aSlowBatchHalvesAtOnceAndStartsAFreshWindow() {
    BatchSizeController c = fresh();
    run(c, 2, 150);
    c.completed(Duration.ofMillis(601));
    assertThat(c.size()).isEqualTo(500);
    assertThat(c.state().windowMicros()).isEmpty();
    run(c, 9, 150);
    assertThat(c.size()).as("earlier batches at 1,000 rows do not count").isEqualTo(500);
  }

  @Test
  void aTimeoutHalvesAtOnce() {
    BatchSizeController c = fresh();
    c.timedOut(Duration.ofSeconds(5));
    assertThat(c.size()).isEqualTo(500);
  }

  @Test
  void staysWithinItsBounds() {
    BatchSizeController c = fresh();
    for (int i = 0; i < 10; i++) {
      c.timedOut(Duration.ofSeconds(1));
    }
    assertThat(c.size()).isEqualTo(100);
    for (int i = 0; i < 30; i++) {
      run(c, 10, 1);
    }
    assertThat(c.size()).isEqualTo(50_000);
  }

  @Test
  void pausesMaxOfHundredMillisAndHalfTheBatch() {
    BatchSizeController c = fresh();
    assertThat(c.pauseAfter(Duration.ofMillis(50))).isEqualTo(Duration.ofMillis(100));
    assertThat(c.pauseAfter(Duration.ofMillis(300))).isEqualTo(Duration.ofMillis(150));
  }

  @Test
  void stateRoundTripsSoTheNextInvocationGoesOnWithTheLearntSize() {
    BatchSizeController c = fresh();
    run(c, 14, 150);
    ControllerState state = c.state();
    BatchSizeController next = new BatchSizeController(config, state);
    assertThat(next.size()).isEqualTo(1_333);
    run(next, 6, 150);
    assertThat(next.size()).as("the window carried over: 4 + 6 batches").isEqualTo(1_777);
  }

  @Test
  void recentPercentileFeedsTheSliceMargin() {
    BatchSizeController c = fresh();
    assertThat(c.recentPercentile(0.95)).isEmpty();
    for (int i = 1; i <= 20; i++) {
      c.completed(Duration.ofMillis(i * 10));
    }
    assertThat(c.recentPercentile(0.95)).contains(Duration.ofMillis(190));
  }

  @Test
  void percentileIsNearestRank() {
    assertThat(BatchSizeController.percentile(List.of(5L, 1L, 3L, 2L, 4L), 0.9)).isEqualTo(5);
    assertThat(BatchSizeController.percentile(List.of(5L, 1L, 3L, 2L, 4L), 0.5)).isEqualTo(3);
  }
}
