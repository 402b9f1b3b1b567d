package dev.migrationbot.rollout.port;

/** How a head commit relates to a base commit (GitHub's compare API status). */
public enum CommitRelation {
  /** The head is a descendant of the base. */
  AHEAD,
  IDENTICAL,
  /** The head is an ancestor of the base. */
  BEHIND,
  /** Neither contains the other. */
  DIVERGED;

  /** Whether the head contains every change of the base. */
  public boolean headContainsBase() {
    return this == AHEAD || this == IDENTICAL;
  }
}
