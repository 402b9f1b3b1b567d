package dev.migrationbot.rollout.review;

import dev.migrationbot.analyzer.Analysis;
import dev.migrationbot.analyzer.AnalysisContext;
import dev.migrationbot.analyzer.Analyzer;
import dev.migrationbot.analyzer.MigrationFile;
import dev.migrationbot.analyzer.MigrationOrder;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.TransactionMode;
import dev.migrationbot.rollout.config.DatabaseTarget;
import dev.migrationbot.rollout.config.RepositoryConfig;
import dev.migrationbot.rollout.config.RuleLevel;
import dev.migrationbot.rollout.plan.Planner;
import dev.migrationbot.rollout.plan.PlannerOptions;
import dev.migrationbot.rollout.plan.RolloutPlan;
import dev.migrationbot.rollout.port.ChangedFile;
import dev.migrationbot.rollout.port.FileContent;
import dev.migrationbot.rollout.port.PullRequests;
import dev.migrationbot.rollout.port.RepositoryFiles;
import dev.migrationbot.rollout.port.RepositoryRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the migration files a pull request changes at one commit, analyses them as one migration
 * for their database's PostgreSQL major and runner, and plans the rollout.
 */
public final class MigrationReviewer {

  private final PullRequests pullRequests;
  private final RepositoryFiles files;

  public MigrationReviewer(PullRequests pullRequests, RepositoryFiles files) {
    this.pullRequests = pullRequests;
    this.files = files;
  }

  /** The review, or empty when the pull request changes no migration file. */
  public Optional<MigrationReview> review(
      RepositoryRef repository, int number, String sha, RepositoryConfig config) {
    List<String> paths = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    for (ChangedFile changed : pullRequests.changedFiles(repository, number)) {
      if (!config.isMigration(changed.path())) {
        continue;
      }
      if (changed.status().existsAtHead()) {
        paths.add(changed.path());
      } else {
        removed.add(changed.path());
      }
    }
    if (paths.isEmpty() && removed.isEmpty()) {
      return Optional.empty();
    }
    paths.sort(Comparator.comparing((String p) -> p, MigrationOrder.NATURAL));
    List<MigrationFile> read = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String path : paths) {
      FileContent content = files.read(repository, path, sha);
      if (content instanceof FileContent.Present present) {
        read.add(new MigrationFile(path, present.text()));
      } else {
        problems.add("`" + path + "` is listed as changed but is not in commit " + sha + ".");
      }
    }
    return Optional.of(review(sha, read, removed, problems, config));
  }

  /**
   * Analyses and plans migration files already read, exactly as a pull request review does: the
   * rollout plans the merged files with this and gets the fingerprint reviewers approved.
   */
  public static MigrationReview review(
      String sha,
      List<MigrationFile> read,
      List<String> removed,
      List<String> readProblems,
      RepositoryConfig config) {
    List<String> paths = read.stream().map(MigrationFile::path).toList();
    List<String> problems = new ArrayList<>(readProblems);
    Set<String> targets = new LinkedHashSet<>();
    for (String path : paths) {
      config.databaseFor(path).ifPresent(t -> targets.add(t.name()));
    }
    if (targets.size() > 1) {
      problems.add(
          "The migrations belong to more than one database ("
              + String.join(", ", targets)
              + "); a rollout targets one database, so split the pull request.");
    }
    Optional<DatabaseTarget> target =
        paths.stream().map(config::databaseFor).flatMap(Optional::stream).findFirst();
    int major =
        target.map(DatabaseTarget::postgresMajor).orElse(DatabaseTarget.DEFAULT_POSTGRES_MAJOR);
    TransactionMode mode =
        target.map(DatabaseTarget::transactionMode).orElse(TransactionMode.PER_FILE);
    AnalysisContext context =
        AnalysisContext.of(major).withTransactionMode(mode).withSeverities(severities(config));
    Analysis analysis = new Analyzer().analyze(read, context);
    RolloutPlan plan = new Planner(PlannerOptions.DEFAULTS).plan(analysis);
    return new MigrationReview(
        sha, read, removed, target, analysis, plan, Fingerprint.of(read, plan), problems);
  }

  private static Map<String, Optional<Severity>> severities(RepositoryConfig config) {
    Map<String, Optional<Severity>> severities = new HashMap<>();
    for (Map.Entry<String, RuleLevel> rule : config.rules().entrySet()) {
      severities.put(rule.getKey(), rule.getValue().severity());
    }
    return severities;
  }
}
