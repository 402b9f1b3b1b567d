package dev.migrationbot.analyzer;

import static dev.migrationbot.analyzer.LockMode.ACCESS_EXCLUSIVE;
import static dev.migrationbot.analyzer.LockMode.ACCESS_SHARE;
import static dev.migrationbot.analyzer.LockMode.EXCLUSIVE;
import static dev.migrationbot.analyzer.LockMode.ROW_EXCLUSIVE;
import static dev.migrationbot.analyzer.LockMode.ROW_SHARE;
import static dev.migrationbot.analyzer.LockMode.SHARE;
import static dev.migrationbot.analyzer.LockMode.SHARE_ROW_EXCLUSIVE;
import static dev.migrationbot.analyzer.LockMode.SHARE_UPDATE_EXCLUSIVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrationbot.analyzer.LockMode.Blocked;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LockModeTest {

  /** The manual's table, row by row: requested mode, then an X for every conflicting held mode. */
  private static final String MATRIX =
      """
      ACCESS SHARE            . . . . . . . X
      ROW SHARE               . . . . . . X X
      ROW EXCLUSIVE           . . . . X X X X
      SHARE UPDATE EXCLUSIVE  . . . X X X X X
      SHARE                   . . X X . X X X
      SHARE ROW EXCLUSIVE     . . X X X X X X
      EXCLUSIVE               . X X X X X X X
      ACCESS EXCLUSIVE        X X X X X X X X
      """;

  @Test
  void conflictMatrixMatchesTheManual() {
    for (String row : MATRIX.strip().split("\n")) {
      String name = row.replaceAll("[.X ]+$", "").trim();
      String[] cells = row.substring(name.length()).trim().split(" +");
      LockMode requested = LockMode.parse(name);
      for (LockMode held : LockMode.values()) {
        assertThat(requested.conflictsWith(held))
            .as("%s vs %s", requested, held)
            .isEqualTo(cells[held.ordinal()].equals("X"));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(LockMode.class)
  void conflictsAreSymmetric(LockMode mode) {
    for (LockMode other : LockMode.values()) {
      assertThat(mode.conflictsWith(other)).isEqualTo(other.conflictsWith(mode));
    }
  }

  @Test
  void onlyAccessExclusiveBlocksReads() {
    assertThat(EnumSet.allOf(LockMode.class).stream().filter(LockMode::blocksReads))
        .containsExactly(ACCESS_EXCLUSIVE);
  }

  @Test
  void shareAndStrongerBlockWrites() {
    assertThat(EnumSet.allOf(LockMode.class).stream().filter(LockMode::blocksWrites))
        .containsExactly(SHARE, SHARE_ROW_EXCLUSIVE, EXCLUSIVE, ACCESS_EXCLUSIVE);
  }

  @Test
  void shareUpdateExclusiveBlocksOnlyDdl() {
    assertThat(SHARE_UPDATE_EXCLUSIVE.blocks()).containsExactly(Blocked.DDL);
    assertThat(ACCESS_SHARE.blocks()).isEmpty();
    assertThat(ROW_SHARE.blocks()).isEmpty();
    assertThat(ROW_EXCLUSIVE.blocks()).isEmpty();
    assertThat(ACCESS_EXCLUSIVE.blocks())
        .containsExactly(Blocked.READS, Blocked.WRITES, Blocked.DDL);
  }

  @Test
  void bothSpellingsParse() {
    assertThat(LockMode.parse("ACCESS EXCLUSIVE")).isEqualTo(ACCESS_EXCLUSIVE);
    assertThat(LockMode.parse("ShareRowExclusiveLock")).isEqualTo(SHARE_ROW_EXCLUSIVE);
    assertThat(ROW_EXCLUSIVE.pgLocksName()).isEqualTo("RowExclusiveLock");
    assertThatThrownBy(() -> LockMode.parse("ROW LOCK"))
        .hasMessageContaining("not a PostgreSQL table lock mode");
  }

  @Test
  void maxPicksTheStrongerMode() {
    assertThat(SHARE.max(ROW_EXCLUSIVE)).isEqualTo(SHARE);
    assertThat(ROW_EXCLUSIVE.max(ACCESS_EXCLUSIVE)).isEqualTo(ACCESS_EXCLUSIVE);
  }
}
