package dev.migrationbot.rollout.command;

import dev.migrationbot.rollout.port.Permission;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code /migration approve}, as the bot recorded it.
 *
 * @param login who approved
 * @param at when
 * @param permission the approver's role on the repository when they approved
 * @param teams the policy's teams ({@code org/slug}) the approver belonged to when they approved
 * @param fingerprint the migration fingerprint (files, plan, target version) that was approved
 * @param headSha the pull request's head commit when they approved, to say which version it was
 * @param reason what the approver wrote after the command
 */
public record Approval(
    String login,
    Instant at,
    Permission permission,
    Set<String> teams,
    String fingerprint,
    String headSha,
    Optional<String> reason) {

  public Approval {
    Objects.requireNonNull(login, "login");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(permission, "permission");
    teams = Set.copyOf(teams);
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(headSha, "headSha");
    Objects.requireNonNull(reason, "reason");
  }
}
