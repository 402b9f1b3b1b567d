package dev.migrationbot.lambda.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migrationbot.rollout.port.RequestRejectedException;
import dev.migrationbot.rollout.port.RetryLaterException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * Reads secrets from Secrets Manager and keeps them for a while, so a warm function does not call
 * Secrets Manager on every delivery, yet picks up a rotated secret within the TTL (or at once after
 * {@link #invalidate}). Secret values never appear in messages or {@code toString()}.
 */
public final class SecretsManagerSecrets {

  private static final String SERVICE = "Secrets Manager";
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Cached(String value, Instant fetchedAt) {}

  private final SecretsManagerClient client;
  private final Duration ttl;
  private final Clock clock;
  private final Map<String, Cached> cache = new HashMap<>();

  public SecretsManagerSecrets(SecretsManagerClient client, Duration ttl, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The secret's current value (its SecretString, or its SecretBinary read as UTF-8). */
  public synchronized String value(String secretId) {
    Cached cached = cache.get(secretId);
    Instant now = clock.instant();
    if (cached != null && now.isBefore(cached.fetchedAt().plus(ttl))) {
      return cached.value();
    }
    String value = fetch(secretId);
    cache.put(secretId, new Cached(value, now));
    return value;
  }

  /** Forgets a cached value, e.g. after the database refused a rotated password. */
  public synchronized void invalidate(String secretId) {
    cache.remove(secretId);
  }

  /** Credentials from a secret in the format RDS rotation writes. */
  public DatabaseCredentials database(String secretId) {
    JsonNode json = json(secretId);
    JsonNode port = json.path("port");
    if (!(port.isInt() || (port.isTextual() && port.asText().matches("\\d{1,5}")))) {
      throw malformed(secretId, "has no port number in \"port\"");
    }
    return new DatabaseCredentials(
        field(json, secretId, "username"),
        field(json, secretId, "password"),
        field(json, secretId, "host"),
        port.asInt(),
        field(json, secretId, "dbname"));
  }

  /** The GitHub App's id, private key and webhook secret. */
  public GitHubAppSecret gitHubApp(String secretId) {
    JsonNode json = json(secretId);
    JsonNode appId = json.path("appId");
    if (!(appId.isTextual() || appId.isIntegralNumber())) {
      throw malformed(secretId, "has no App id in \"appId\"");
    }
    return new GitHubAppSecret(
        appId.asText(),
        field(json, secretId, "privateKey"),
        field(json, secretId, "webhookSecret"));
  }

  private JsonNode json(String secretId) {
    try {
      JsonNode json = JSON.readTree(value(secretId));
      if (json != null && json.isObject()) {
        return json;
      }
    } catch (IOException e) {
      // Not JSON. The parser's message may quote the value, so it is not passed on.
    }
    throw malformed(secretId, "is not a JSON object");
  }

  private static String field(JsonNode json, String secretId, String name) {
    JsonNode value = json.path(name);
    if (!value.isTextual() || value.asText().isEmpty()) {
      throw malformed(secretId, "has no text in \"" + name + "\"");
    }
    return value.asText();
  }

  private static RequestRejectedException malformed(String secretId, String problem) {
    return new RequestRejectedException(
        SERVICE, 200, "secret " + secretId + " " + problem + "; store it as " + formats(), null);
  }

  private static String formats() {
    return String.join(
        " or ",
        List.of(
            "{\"username\", \"password\", \"host\", \"port\", \"dbname\"} for a database",
            "{\"appId\", \"privateKey\", \"webhookSecret\"} for the GitHub App"));
  }

  private String fetch(String secretId) {
    try {
      GetSecretValueResponse response = client.getSecretValue(b -> b.secretId(secretId));
      if (response.secretString() != null) {
        return response.secretString();
      }
      if (response.secretBinary() != null) {
        return new String(response.secretBinary().asByteArray(), StandardCharsets.UTF_8);
      }
      throw new RequestRejectedException(
          SERVICE, 200, "secret " + secretId + " has no value", null);
    } catch (ResourceNotFoundException e) {
      throw new RequestRejectedException(
          SERVICE,
          e.statusCode(),
          "secret " + secretId + " does not exist (or has no current version) in this region",
          e);
    } catch (SecretsManagerException e) {
      if (e.isThrottlingException() || e.statusCode() >= 500) {
        throw new RetryLaterException(
            SERVICE,
            "reading secret " + secretId + " failed (" + e.awsErrorDetails().errorCode() + ")",
            Optional.empty(),
            e);
      }
      throw new RequestRejectedException(
          SERVICE,
          e.statusCode(),
          "reading secret "
              + secretId
              + " was refused: "
              + e.awsErrorDetails().errorCode()
              + " (the function's role needs secretsmanager:GetSecretValue on it, and kms:Decrypt"
              + " for a customer-managed key)",
          e);
    } catch (SdkClientException e) {
      throw new RetryLaterException(
          SERVICE, "Secrets Manager did not answer: " + e.getMessage(), Optional.empty(), e);
    }
  }
}
