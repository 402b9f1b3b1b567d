package dev.migrationbot.rollout.config;

import dev.migrationbot.analyzer.Severity;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A repository's {@code .github/migration-bot.yml}, read from the base branch so a pull request
 * cannot change where, how or with whose approval its own migrations roll out.
 *
 * @param migrationPaths which changed files are migrations
 * @param databases where migrations roll out, in the order the file lists them; empty: analysis
 *     only
 * @param approvals who must approve before a rollout starts
 * @param rules severity overrides by rule id
 * @param backfill backfill defaults
 * @param contract contract-phase defaults
 */
public record RepositoryConfig(
    List<Glob> migrationPaths,
    List<DatabaseTarget> databases,
    ApprovalPolicy approvals,
    Map<String, RuleLevel> rules,
    BackfillDefaults backfill,
    ContractDefaults contract) {

  /** Where the file lives in the repository. */
  public static final String PATH = ".github/migration-bot.yml";

  public static final List<Glob> DEFAULT_MIGRATION_PATHS =
      List.of(Glob.compile("**/migrations/**/*.sql"), Glob.compile("db/migrate/**/*.sql"));

  /** What applies when the repository has no configuration file. */
  public static final RepositoryConfig DEFAULT =
      new RepositoryConfig(
          DEFAULT_MIGRATION_PATHS,
          List.of(),
          ApprovalPolicy.DEFAULT,
          Map.of(),
          BackfillDefaults.DEFAULT,
          ContractDefaults.DEFAULT);

  public RepositoryConfig {
    migrationPaths = List.copyOf(migrationPaths);
    databases = List.copyOf(databases);
    Objects.requireNonNull(approvals, "approvals");
    rules = Map.copyOf(rules);
    Objects.requireNonNull(backfill, "backfill");
    Objects.requireNonNull(contract, "contract");
    if (migrationPaths.isEmpty()) {
      throw new IllegalArgumentException("at least one migration path is needed");
    }
  }

  public boolean isMigration(String path) {
    return migrationPaths.stream().anyMatch(g -> g.matches(path));
  }

  /** The first database, in file order, that owns the migration file. */
  public Optional<DatabaseTarget> databaseFor(String path) {
    return databases.stream().filter(d -> d.owns(path)).findFirst();
  }

  /** The severity findings of a rule get here: the override, else the rule's own; empty: off. */
  public Optional<Severity> severityOf(String ruleId, Severity ruleDefault) {
    RuleLevel level = rules.get(ruleId);
    return level == null ? Optional.of(ruleDefault) : level.severity();
  }
}
