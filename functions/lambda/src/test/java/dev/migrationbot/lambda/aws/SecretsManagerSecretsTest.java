package dev.migrationbot.lambda.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.migrationbot.rollout.port.RequestRejectedException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Secrets Manager through a local stub that speaks its protocol (AWS JSON 1.1): a POST to / with
 * {@code X-Amz-Target: secretsmanager.GetSecretValue} and {@code {"SecretId"}}.
 */
class SecretsManagerSecretsTest {

  @RegisterExtension
  static final WireMockExtension aws =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String DB_SECRET = "prod/main-db";
  private static final String RDS_VALUE =
      "{\"engine\":\"postgres\",\"host\":\"main.cluster-c9akciq32.eu-west-1.rds.amazonaws.com\","
          + "\"username\":\"migration_bot\",\"password\":\"s3cr3t-Pa55\",\"dbname\":\"shop\","
          + "\"port\":5432}";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
  private final SecretsManagerClient client =
      AwsClients.secretsManager(
          Region.EU_WEST_1,
          StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")),
          Optional.of(URI.create(aws.baseUrl())),
          Duration.ofSeconds(2));
  private final SecretsManagerSecrets secrets =
      new SecretsManagerSecrets(client, Duration.ofMinutes(5), clock);

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void readsDatabaseCredentialsAsRdsRotationWritesThem() {
    stubSecret(DB_SECRET, RDS_VALUE);

    DatabaseCredentials credentials = secrets.database(DB_SECRET);

    assertThat(credentials)
        .isEqualTo(
            new DatabaseCredentials(
                "migration_bot",
                "s3cr3t-Pa55",
                "main.cluster-c9akciq32.eu-west-1.rds.amazonaws.com",
                5432,
                "shop"));
    assertThat(credentials.jdbcUrl())
        .isEqualTo(
            "jdbc:postgresql://main.cluster-c9akciq32.eu-west-1.rds.amazonaws.com:5432/shop");
    assertThat(credentials.toString()).doesNotContain("s3cr3t");
    aws.verify(
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
            .withHeader("Content-Type", equalTo("application/x-amz-json-1.1"))
            .withRequestBody(equalToJson("{\"SecretId\":\"" + DB_SECRET + "\"}")));
  }

  @Test
  void keepsValuesForTheTtl() {
    stubSecret(DB_SECRET, RDS_VALUE);

    secrets.database(DB_SECRET);
    clock.advance(Duration.ofMinutes(4));
    secrets.database(DB_SECRET);
    aws.verify(1, postRequestedFor(urlEqualTo("/")));

    clock.advance(Duration.ofMinutes(2));
    secrets.database(DB_SECRET);
    aws.verify(2, postRequestedFor(urlEqualTo("/")));

    secrets.invalidate(DB_SECRET);
    secrets.database(DB_SECRET);
    aws.verify(3, postRequestedFor(urlEqualTo("/")));
  }

  @Test
  void readsTheGitHubAppSecret() {
    stubSecret(
        "prod/migration-bot/github",
        "{\"appId\":1060420,\"privateKey\":\"-----BEGIN RSA PRIVATE KEY-----\\nMIIE\\n-----END RSA"
            + " PRIVATE KEY-----\\n\",\"webhookSecret\":\"hook-s3cr3t\"}");

    GitHubAppSecret app = secrets.gitHubApp("prod/migration-bot/github");

    assertThat(app.appId()).isEqualTo("1060420");
    assertThat(app.privateKey()).startsWith("-----BEGIN RSA PRIVATE KEY-----\nMIIE");
    assertThat(app.webhookSecret()).isEqualTo("hook-s3cr3t");
    assertThat(app.toString()).doesNotContain("hook-s3cr3t").doesNotContain("MIIE");
  }

  @Test
  void aMalformedSecretIsExplainedWithoutItsValue() {
    stubSecret(DB_SECRET, "password=s3cr3t-Pa55");

    assertThatThrownBy(() -> secrets.database(DB_SECRET))
        .isInstanceOf(RequestRejectedException.class)
        .hasMessageContaining("secret prod/main-db is not a JSON object")
        .hasMessageNotContaining("s3cr3t")
        .hasNoCause();

    stubSecret("prod/other-db", "{\"username\":\"u\",\"password\":\"s3cr3t\",\"host\":\"h\"}");
    assertThatThrownBy(() -> secrets.database("prod/other-db"))
        .hasMessageContaining("has no port number in \"port\"")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void aMissingSecretSaysSo() {
    aws.stubFor(
        post(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(
                        "{\"__type\":\"ResourceNotFoundException\",\"Message\":\"Secrets Manager"
                            + " can't find the specified secret.\"}")));

    assertThatThrownBy(() -> secrets.value("prod/typo"))
        .isInstanceOf(RequestRejectedException.class)
        .hasMessage(
            "Secrets Manager: secret prod/typo does not exist (or has no current version) in this"
                + " region");
  }

  private static void stubSecret(String id, String value) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:" + id + "-AbCdEf");
    body.put("Name", id);
    body.put("VersionId", "EXAMPLE1-90ab-cdef-fedc-ba987SECRET1");
    body.put("SecretString", value);
    body.put("VersionStages", List.of("AWSCURRENT"));
    body.put("CreatedDate", 1.764064200E9);
    try {
      aws.stubFor(
          post(urlEqualTo("/"))
              .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
              .withRequestBody(equalToJson("{\"SecretId\":\"" + id + "\"}"))
              .willReturn(
                  aResponse()
                      .withStatus(200)
                      .withHeader("Content-Type", "application/x-amz-json-1.1")
                      .withBody(new ObjectMapper().writeValueAsString(body))));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
