package dev.migrationbot.lambda.aws;

import java.util.Objects;

/**
 * The bot's GitHub secrets, kept in one Secrets Manager secret as {@code {"appId", "privateKey",
 * "webhookSecret"}}: the private key as GitHub downloads it (PKCS#1 PEM). {@link #toString()} shows
 * the App id only.
 */
public record GitHubAppSecret(String appId, String privateKey, String webhookSecret) {

  public GitHubAppSecret {
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(webhookSecret, "webhookSecret");
  }

  @Override
  public String toString() {
    return "GitHubAppSecret[appId=" + appId + ", privateKey ***, webhookSecret ***]";
  }
}
