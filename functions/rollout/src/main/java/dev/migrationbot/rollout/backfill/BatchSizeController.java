package dev.migrationbot.rollout.backfill;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sizes batches by time: a batch much slower than the target (or one that timed out) halves the
 * size at once; otherwise every {@code window} batches at the same size the size moves towards
 * {@code target / percentile(window)}, growing by at most {@code maxGrowth}. While batches are so
 * fast that even grown by {@code maxGrowth} they would stay within the target, {@value
 * #QUICK_WINDOW} batches are evidence enough to grow, and while one grown batch would stay within
 * half the target, one batch is: a wrong step there costs at most half a target of lock time, and
 * every batch of the slow start costs a full pause. Decisions ignore batches run at another size,
 * so one resizing is judged on its own evidence.
 */
public final class BatchSizeController {

  /** How many recent batch durations feed {@link #recentPercentile}. */
  static final int RECENT = 20;

  /**
   * Batches that decide a growth far below the target. The full window is for sizes near the
   * target, where a wrong step costs lock time; far below it, waiting for the full window only
   * keeps the job at its slow start: from 1,000 rows to the size of a 200 ms batch takes seven
   * steps, seventy batches with full windows.
   */
  static final int QUICK_WINDOW = 3;

  private final ControllerConfig config;
  private int size;
  private final List<Long> window;
  private final List<Long> recent;

  public BatchSizeController(ControllerConfig config, ControllerState state) {
    this.config = config;
    this.size = clamp(state.size());
    this.window = new ArrayList<>(state.windowMicros());
    this.recent = new ArrayList<>(state.recentMicros());
  }

  public int size() {
    return size;
  }

  public ControllerState state() {
    return new ControllerState(size, window, recent);
  }

  /** A batch of the current size committed after {@code took}. */
  public void completed(Duration took) {
    long micros = micros(took);
    remember(micros);
    if (micros > config.slowFactor() * micros(config.target())) {
      halve();
      return;
    }
    window.add(micros);
    long p = percentile(window, config.percentile());
    boolean farBelow =
        window.size() >= QUICK_WINDOW && p * config.maxGrowth() <= micros(config.target());
    boolean tiny = p * config.maxGrowth() * 2 <= micros(config.target());
    if (window.size() < config.window() && !farBelow && !tiny) {
      return;
    }
    double factor = (double) micros(config.target()) / Math.max(1, p);
    factor = Math.max(0.5, Math.min(config.maxGrowth(), factor));
    size = clamp((int) Math.round(size * factor));
    window.clear();
  }

  /** A batch hit its statement or lock timeout: halve at once. */
  public void timedOut(Duration took) {
    remember(micros(took));
    halve();
  }

  /** Something outside the batch's own time says it is too big (e.g. sessions blocked on it). */
  public void halve() {
    size = clamp(size / 2);
    window.clear();
  }

  /** The pause after a batch that took {@code took}: max(minPause, pauseRatio × took). */
  public Duration pauseAfter(Duration took) {
    Duration proportional = Duration.ofNanos((long) (took.toNanos() * config.pauseRatio()));
    return proportional.compareTo(config.minPause()) > 0 ? proportional : config.minPause();
  }

  /** A high percentile of the last batches' durations, once there are any. */
  public Optional<Duration> recentPercentile(double p) {
    if (recent.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos(percentile(recent, p) * 1_000));
  }

  private void remember(long micros) {
    recent.add(micros);
    while (recent.size() > RECENT) {
      recent.remove(0);
    }
  }

  private int clamp(int candidate) {
    return Math.max(config.minSize(), Math.min(config.maxSize(), candidate));
  }

  /** Nearest-rank percentile. */
  static long percentile(List<Long> values, double p) {
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(Long::compare);
    int rank = (int) Math.ceil(p * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  private static long micros(Duration d) {
    return d.toNanos() / 1_000;
  }
}
