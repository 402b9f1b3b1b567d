package dev.migrationbot.rollout.review;

import dev.migrationbot.analyzer.Analysis;
import dev.migrationbot.analyzer.MigrationFile;
import dev.migrationbot.rollout.config.DatabaseTarget;
import dev.migrationbot.rollout.plan.RolloutPlan;
import java.util.List;
import java.util.Optional;

/**
 * The migrations of a pull request at one commit, analysed and planned.
 *
 * @param files the migration files, in the order they run
 * @param removed migration files the pull request deletes (not analysed)
 * @param target the database the migrations belong to, when the repository configures databases
 * @param fingerprint what approvals are bound to
 * @param problems reasons the migrations cannot be reviewed as one rollout (e.g. two databases)
 */
public record MigrationReview(
    String headSha,
    List<MigrationFile> files,
    List<String> removed,
    Optional<DatabaseTarget> target,
    Analysis analysis,
    RolloutPlan plan,
    String fingerprint,
    List<String> problems) {

  public MigrationReview {
    files = List.copyOf(files);
    removed = List.copyOf(removed);
    problems = List.copyOf(problems);
  }

  public List<String> paths() {
    return files.stream().map(MigrationFile::path).toList();
  }

  /** Whether anything prevents the rollout from running as planned. */
  public boolean blocked() {
    return !problems.isEmpty() || !plan.executable() || hasSyntaxErrors();
  }

  public boolean hasSyntaxErrors() {
    return analysis.findings().stream().anyMatch(f -> f.ruleId().equals("syntax-error"));
  }
}
