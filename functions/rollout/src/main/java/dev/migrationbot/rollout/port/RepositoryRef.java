package dev.migrationbot.rollout.port;

import java.util.Objects;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * A GitHub repository, and the App installation to act through on it. The installation comes from
 * the webhook payload ({@code installation.id}) or the rollout's input; it is empty when the bot
 * runs with a plain token.
 */
public record RepositoryRef(String owner, String name, OptionalLong installationId) {

  private static final Pattern NAME_PART = Pattern.compile("[A-Za-z0-9_.-]+");

  public RepositoryRef {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(installationId, "installationId");
    if (!NAME_PART.matcher(owner).matches() || !NAME_PART.matcher(name).matches()) {
      throw new IllegalArgumentException("not a GitHub repository name: " + owner + "/" + name);
    }
  }

  public static RepositoryRef of(String owner, String name) {
    return new RepositoryRef(owner, name, OptionalLong.empty());
  }

  /** From {@code owner/name}. */
  public static RepositoryRef parse(String fullName) {
    int slash = fullName.indexOf('/');
    if (slash <= 0 || slash != fullName.lastIndexOf('/')) {
      throw new IllegalArgumentException("expected owner/name, got '" + fullName + "'");
    }
    return of(fullName.substring(0, slash), fullName.substring(slash + 1));
  }

  public RepositoryRef withInstallation(long id) {
    return new RepositoryRef(owner, name, OptionalLong.of(id));
  }

  /** {@code owner/name}. */
  public String fullName() {
    return owner + "/" + name;
  }

  @Override
  public String toString() {
    return fullName();
  }
}
