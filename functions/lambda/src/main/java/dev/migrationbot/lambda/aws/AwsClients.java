package dev.migrationbot.lambda.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Builds the SDK clients the way a Lambda function should: the URL-connection HTTP client (no
 * Apache or Netty to load at cold start), an explicit region and credentials provider (no discovery
 * chain to walk), and a time budget per call that also bounds the SDK's own retries, since the
 * webhook has seconds to answer.
 */
public final class AwsClients {

  private AwsClients() {}

  /**
   * @param endpoint an endpoint override, for LocalStack or a local stub; empty for AWS
   * @param callBudget the longest one call may take, the SDK's retries included
   */
  public static SfnClient stepFunctions(
      Region region,
      AwsCredentialsProvider credentials,
      Optional<URI> endpoint,
      Duration callBudget) {
    var builder =
        SfnClient.builder()
            .region(region)
            .credentialsProvider(credentials)
            .httpClient(http())
            .overrideConfiguration(c -> c.apiCallTimeout(callBudget));
    endpoint.ifPresent(builder::endpointOverride);
    return builder.build();
  }

  /**
   * @param endpoint an endpoint override, for LocalStack or a local stub; empty for AWS
   * @param callBudget the longest one call may take, the SDK's retries included
   */
  public static SecretsManagerClient secretsManager(
      Region region,
      AwsCredentialsProvider credentials,
      Optional<URI> endpoint,
      Duration callBudget) {
    var builder =
        SecretsManagerClient.builder()
            .region(region)
            .credentialsProvider(credentials)
            .httpClient(http())
            .overrideConfiguration(c -> c.apiCallTimeout(callBudget));
    endpoint.ifPresent(builder::endpointOverride);
    return builder.build();
  }

  private static SdkHttpClient http() {
    return UrlConnectionHttpClient.builder()
        .connectionTimeout(Duration.ofSeconds(2))
        .socketTimeout(Duration.ofSeconds(5))
        .build();
  }
}
