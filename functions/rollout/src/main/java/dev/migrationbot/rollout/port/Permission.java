package dev.migrationbot.rollout.port;

import java.util.Locale;
import java.util.Optional;

/**
 * A person's role on a repository, as GitHub names it ({@code role_name} of the collaborator
 * permission API), most powerful first.
 */
public enum Permission {
  ADMIN,
  MAINTAIN,
  WRITE,
  TRIAGE,
  READ,
  NONE;

  /** As GitHub and the repository configuration spell it, e.g. {@code maintain}. */
  public String displayName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Permission> fromName(String name) {
    for (Permission permission : values()) {
      if (permission.displayName().equals(name.toLowerCase(Locale.ROOT))) {
        return Optional.of(permission);
      }
    }
    return Optional.empty();
  }
}
