package dev.migrationbot.rollout.engine;

import java.time.Duration;

/** How far one invocation got with a step. */
sealed interface StepRun {

  record Finished() implements StepRun {}

  /** Not finished within this invocation: call again after {@code wait}. */
  record Waiting(Duration delay, String message) implements StepRun {}

  StepRun FINISHED = new Finished();
}
