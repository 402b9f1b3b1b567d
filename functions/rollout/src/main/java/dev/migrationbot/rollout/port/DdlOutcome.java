package dev.migrationbot.rollout.port;

import java.util.List;
import java.util.Objects;

/** How one attempt of a schema step ended. */
public sealed interface DdlOutcome {

  /**
   * Committed.
   *
   * @param notices what the server said along the way (NOTICE and lower), e.g. "relation exists,
   *     skipping"
   */
  record Done(List<String> notices) implements DdlOutcome {
    public Done {
      notices = List.copyOf(notices);
    }
  }

  /**
   * Rolled back because a lock was not granted in time (55P03) or a deadlock was broken (40P01):
   * try again later.
   *
   * @param blockers the sessions seen holding or queueing for the locks the attempt waited for
   */
  record LockNotAvailable(String sqlState, String message, List<Blocker> blockers)
      implements DdlOutcome {
    public LockNotAvailable {
      blockers = List.copyOf(blockers);
    }
  }

  /** Rolled back for any other reason; retrying the same SQL will not help. */
  record Failed(String sqlState, String message) implements DdlOutcome {
    public Failed {
      Objects.requireNonNull(message, "message");
    }
  }
}
