package dev.migrationbot.lambda.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrationbot.rollout.port.RepositoryRef;
import dev.migrationbot.rollout.port.RolloutRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecutionNamesTest {

  static final String MERGE = "c4295bd74fb0f4fda03689c3df3f2803b658fd85";

  static RolloutRequest request(String owner, String name, int pr, String sha) {
    return new RolloutRequest(
        RepositoryRef.of(owner, name).withInstallation(61543902),
        pr,
        sha,
        List.of("db/migrations/V7__add_status.sql"),
        "f1f1f1f1",
        "main");
  }

  @Test
  void namesAreReadableAndDeterministic() {
    String name = ExecutionNames.of(request("acme", "shop", 7, MERGE));

    assertThat(name).matches("acme-shop-pr7-c4295bd74fb0-[0-9a-f]{10}");
    assertThat(ExecutionNames.of(request("acme", "shop", 7, MERGE))).isEqualTo(name);
    assertThat(ExecutionNames.valid(name)).isTrue();
  }

  @Test
  void anotherPullRequestOrMergeIsAnotherName() {
    String name = ExecutionNames.of(request("acme", "shop", 7, MERGE));

    assertThat(ExecutionNames.of(request("acme", "shop", 8, MERGE))).isNotEqualTo(name);
    assertThat(ExecutionNames.of(request("acme", "shop", 7, "d" + MERGE.substring(1))))
        .isNotEqualTo(name);
    assertThat(ExecutionNames.of(request("acme", "shop2", 7, MERGE))).isNotEqualTo(name);
  }

  @Test
  void charactersStepFunctionsRejectsAreReplaced() {
    String name = ExecutionNames.of(request("acme.io", "web.site", 7, MERGE));

    assertThat(name).startsWith("acme-io-web-site-pr7-");
    assertThat(ExecutionNames.valid(name)).isTrue();
  }

  @Test
  void longRepositoryNamesAreShortenedButStayApart() {
    String owner = "a-very-long-organisation-name-that-goes-on";
    String first = ExecutionNames.of(request(owner, "service-with-a-long-name-one", 123456, MERGE));
    String second =
        ExecutionNames.of(request(owner, "service-with-a-long-name-two", 123456, MERGE));

    assertThat(first).hasSize(ExecutionNames.NAME_LENGTH);
    assertThat(ExecutionNames.valid(first)).isTrue();
    // The readable parts are cut to the same prefix; the hash of the full identity differs.
    assertThat(first.substring(0, 30)).isEqualTo(second.substring(0, 30));
    assertThat(first).isNotEqualTo(second);
  }
}
