package dev.migrationbot.analyzer;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * PostgreSQL's table-level lock modes, weakest first, with the conflict matrix of the manual
 * ("Explicit Locking", table "Conflicting Lock Modes").
 */
public enum LockMode {
  ACCESS_SHARE,
  ROW_SHARE,
  ROW_EXCLUSIVE,
  SHARE_UPDATE_EXCLUSIVE,
  SHARE,
  SHARE_ROW_EXCLUSIVE,
  EXCLUSIVE,
  ACCESS_EXCLUSIVE;

  /** The lock a plain SELECT takes. */
  private static final LockMode READ = ACCESS_SHARE;

  /** The lock INSERT, UPDATE, DELETE and MERGE take. */
  private static final LockMode WRITE = ROW_EXCLUSIVE;

  /** Whether a session holding this mode makes a session requesting {@code other} wait. */
  public boolean conflictsWith(LockMode other) {
    return conflicts(this).contains(other);
  }

  /** Blocks plain SELECTs: only ACCESS EXCLUSIVE does. */
  public boolean blocksReads() {
    return conflictsWith(READ);
  }

  /** Blocks INSERT, UPDATE, DELETE. */
  public boolean blocksWrites() {
    return conflictsWith(WRITE);
  }

  /** Blocks other schema changes and VACUUM: every mode from SHARE UPDATE EXCLUSIVE up. */
  public boolean blocksDdl() {
    return conflictsWith(SHARE_UPDATE_EXCLUSIVE);
  }

  /** What a session holding (or queueing for) this lock blocks, for reports. */
  public Set<Blocked> blocks() {
    EnumSet<Blocked> blocked = EnumSet.noneOf(Blocked.class);
    if (blocksReads()) {
      blocked.add(Blocked.READS);
    }
    if (blocksWrites()) {
      blocked.add(Blocked.WRITES);
    }
    if (blocksDdl()) {
      blocked.add(Blocked.DDL);
    }
    return blocked;
  }

  /** The stronger of two modes (the later one in PostgreSQL's ordering). */
  public LockMode max(LockMode other) {
    return compareTo(other) >= 0 ? this : other;
  }

  /** The mode as the PostgreSQL documentation spells it, e.g. {@code ACCESS EXCLUSIVE}. */
  public String displayName() {
    return name().replace('_', ' ');
  }

  /** The mode as {@code pg_locks.mode} spells it, e.g. {@code AccessExclusiveLock}. */
  public String pgLocksName() {
    StringBuilder name = new StringBuilder();
    for (String word : name().toLowerCase(Locale.ROOT).split("_")) {
      name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
    }
    return name.append("Lock").toString();
  }

  /** Parses either spelling: {@code ACCESS EXCLUSIVE} or {@code AccessExclusiveLock}. */
  public static LockMode parse(String text) {
    for (LockMode mode : values()) {
      if (mode.displayName().equalsIgnoreCase(text.trim()) || mode.pgLocksName().equals(text)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("not a PostgreSQL table lock mode: " + text);
  }

  private static Set<LockMode> conflicts(LockMode mode) {
    return switch (mode) {
      case ACCESS_SHARE -> EnumSet.of(ACCESS_EXCLUSIVE);
      case ROW_SHARE -> EnumSet.of(EXCLUSIVE, ACCESS_EXCLUSIVE);
      case ROW_EXCLUSIVE -> EnumSet.of(SHARE, SHARE_ROW_EXCLUSIVE, EXCLUSIVE, ACCESS_EXCLUSIVE);
      case SHARE_UPDATE_EXCLUSIVE ->
          EnumSet.of(
              SHARE_UPDATE_EXCLUSIVE, SHARE, SHARE_ROW_EXCLUSIVE, EXCLUSIVE, ACCESS_EXCLUSIVE);
      case SHARE ->
          EnumSet.of(
              ROW_EXCLUSIVE,
              SHARE_UPDATE_EXCLUSIVE,
              SHARE_ROW_EXCLUSIVE,
              EXCLUSIVE,
              ACCESS_EXCLUSIVE);
      case SHARE_ROW_EXCLUSIVE ->
          EnumSet.of(
              ROW_EXCLUSIVE,
              SHARE_UPDATE_EXCLUSIVE,
              SHARE,
              SHARE_ROW_EXCLUSIVE,
              EXCLUSIVE,
              ACCESS_EXCLUSIVE);
      case EXCLUSIVE -> EnumSet.complementOf(EnumSet.of(ACCESS_SHARE));
      case ACCESS_EXCLUSIVE -> EnumSet.allOf(LockMode.class);
    };
  }

  /** The kinds of application work a lock holds up. */
  public enum Blocked {
    READS,
    WRITES,
    DDL;

    public String displayName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
