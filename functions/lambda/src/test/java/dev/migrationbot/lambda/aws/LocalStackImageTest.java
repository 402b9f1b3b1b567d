package dev.migrationbot.lambda.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which LocalStack images the Docker tests can run without an account (they run without Docker).
 */
class LocalStackImageTest {

  @ParameterizedTest
  @CsvSource({
    "localstack/localstack:4.14.0, false",
    "localstack/localstack:4.4, false",
    "localstack/localstack:3.8.1, false",
    "localstack/localstack:4.15.0, true",
    "localstack/localstack:2026.3.0, true",
    "localstack/localstack:latest, true",
    "localstack/localstack, true"
  })
  void newerImagesNeedAToken(String image, boolean needsToken) {
    assertThat(LocalStackAwsTest.needsAuthToken(image)).isEqualTo(needsToken);
  }
}
