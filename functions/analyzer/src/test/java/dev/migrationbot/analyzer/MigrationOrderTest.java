package dev.migrationbot.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationOrderTest {

  @Test
  void versionsCompareAsNumbers() {
    List<String> names =
        new ArrayList<>(
            List.of(
                "V10__c.sql",
                "V2__b.sql",
                "V1_1__a.sql",
                "V1__a.sql",
                "0010_y.up.sql",
                "0009_x.up.sql",
                "db/V3__x.sql"));
    names.sort(MigrationOrder.NATURAL);
    assertThat(names)
        .containsExactly(
            "0009_x.up.sql",
            "0010_y.up.sql",
            "V1_1__a.sql",
            "V1__a.sql",
            "V2__b.sql",
            "V10__c.sql",
            "db/V3__x.sql");
  }
}
