package dev.migrationbot.rollout.review;

import dev.migrationbot.analyzer.MigrationFile;
import dev.migrationbot.rollout.plan.PlanStep;
import dev.migrationbot.rollout.plan.RolloutPlan;
import dev.migrationbot.rollout.report.PlanMarkdown;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What an approval is bound to: the migration files' contents, the plan that will run and the
 * target version. A commit that changes any of them changes the fingerprint and makes earlier
 * approvals stale; a commit that touches other files keeps it.
 */
public final class Fingerprint {

  private Fingerprint() {}

  public static String of(List<MigrationFile> files, RolloutPlan plan) {
    MessageDigest digest = sha256();
    update(digest, "postgres " + plan.pgMajor());
    for (MigrationFile file : files) {
      update(digest, "file " + file.path());
      update(digest, file.content());
    }
    for (PlanStep step : plan.steps()) {
      update(digest, "step " + step.id() + " " + step.phase() + " " + step.gate());
      update(digest, PlanMarkdown.sql(step.action()));
    }
    plan.refusals().forEach(r -> update(digest, "refused " + r.file() + ":" + r.line()));
    return "sha256:" + HexFormat.of().formatHex(digest.digest());
  }

  /** The first characters of a fingerprint, for people. */
  public static String shortForm(String fingerprint) {
    String hex = fingerprint.substring(fingerprint.indexOf(':') + 1);
    return hex.substring(0, Math.min(12, hex.length()));
  }

  private static void update(MessageDigest digest, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
    digest.update((byte) ':');
    digest.update(bytes);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}
