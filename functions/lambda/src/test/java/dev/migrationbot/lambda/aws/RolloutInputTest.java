package dev.migrationbot.lambda.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrationbot.rollout.port.RepositoryRef;
import dev.migrationbot.rollout.port.RolloutRequest;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RolloutInputTest {

  @Test
  void theInputIsAFixedFunctionOfTheRequest() {
    RolloutRequest request =
        ExecutionNamesTest.request("acme", "shop", 7, ExecutionNamesTest.MERGE);

    assertThat(RolloutInput.of(request))
        .isEqualTo(
            "{\"repository\":\"acme/shop\",\"installationId\":61543902,\"pullRequest\":7,"
                + "\"mergeSha\":\"c4295bd74fb0f4fda03689c3df3f2803b658fd85\",\"database\":\"main\","
                + "\"fingerprint\":\"f1f1f1f1\",\"migrations\":[\"db/migrations/V7__add_status.sql\"]}")
        .isEqualTo(RolloutInput.of(request));
  }

  @Test
  void refusesInputsOverStepFunctionsLimit() {
    List<String> paths =
        IntStream.range(0, 3000)
            .mapToObj(i -> "db/migrations/" + "x".repeat(80) + i + ".sql")
            .toList();
    RolloutRequest request =
        new RolloutRequest(
            RepositoryRef.of("acme", "shop"), 7, ExecutionNamesTest.MERGE, paths, "f1", "main");

    assertThatThrownBy(() -> RolloutInput.of(request))
        .hasMessageContaining("over Step Functions' 256 KB limit: 3000 migration paths");
  }
}
