package dev.migrationbot.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;

class WiringTest {

  @Test
  void snapStartFunctionsReadTheContainerCredentialsEndpoint() {
    Wiring wiring =
        new Wiring(
            Map.of(
                "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                    "http://127.0.0.1:9001/2021-04-23/credentials",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN", "token"));

    assertThat(wiring.credentials()).isInstanceOf(ContainerCredentialsProvider.class);
  }

  @Test
  void otherFunctionsReadTheEnvironmentVariables() {
    Wiring wiring =
        new Wiring(
            Map.of(
                "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "secret",
                "AWS_SESSION_TOKEN", "session"));

    assertThat(wiring.credentials()).isInstanceOf(EnvironmentVariableCredentialsProvider.class);
  }
}
