package dev.migrationbot.github;

import java.security.interfaces.RSAPrivateKey;
import java.util.Objects;

/** How the bot authenticates to GitHub. */
public sealed interface GitHubCredentials {

  /**
   * A personal or fine-grained token, for local use. Check runs need an App: GitHub lets only Apps
   * write them.
   */
  record Token(String token) implements GitHubCredentials {
    public Token {
      Objects.requireNonNull(token, "token");
      if (token.isBlank()) {
        throw new IllegalArgumentException("the GitHub token is empty");
      }
    }

    @Override
    public String toString() {
      return "Token[***]";
    }
  }

  /**
   * A GitHub App: a JWT signed with the App's key is exchanged for a token of the installation
   * named in the webhook payload.
   *
   * @param appId the App's id (or client id), the JWT's issuer
   */
  record App(String appId, RSAPrivateKey privateKey) implements GitHubCredentials {
    public App {
      Objects.requireNonNull(appId, "appId");
      Objects.requireNonNull(privateKey, "privateKey");
    }

    @Override
    public String toString() {
      return "App[" + appId + ", key ***]";
    }
  }
}
