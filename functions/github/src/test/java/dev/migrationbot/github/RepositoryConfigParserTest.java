package dev.migrationbot.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrationbot.analyzer.RuleInfo;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.TransactionMode;
import dev.migrationbot.analyzer.rules.RuleCatalog;
import dev.migrationbot.rollout.config.ConfigProblem;
import dev.migrationbot.rollout.config.ContractDefaults;
import dev.migrationbot.rollout.config.DatabaseTarget;
import dev.migrationbot.rollout.config.Glob;
import dev.migrationbot.rollout.config.InvalidConfigException;
import dev.migrationbot.rollout.config.RepositoryConfig;
import dev.migrationbot.rollout.config.RuleLevel;
import dev.migrationbot.rollout.port.Permission;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RepositoryConfigParserTest {

  private static final Set<String> RULES =
      RuleCatalog.infos().stream().map(RuleInfo::id).collect(Collectors.toSet());

  @Test
  void anEmptyFileMeansTheDefaults() {
    assertThat(parse("")).isEqualTo(RepositoryConfig.DEFAULT);
    assertThat(parse("# nothing configured yet\n")).isEqualTo(RepositoryConfig.DEFAULT);
    assertThat(parse("approvals:\n")).isEqualTo(RepositoryConfig.DEFAULT);
  }

  @Test
  void readsEverySetting() {
    RepositoryConfig config =
        parse(
            """
            migrations:
              paths: ["db/migrations/**/*.sql", "billing/sql/*.sql"]
            databases:
              main:
                secret: prod/main-db
                postgres: 15
                deploy: production
                transaction: per-statement
              billing:
                secret: arn:aws:secretsmanager:eu-west-1:123456789012:secret:billing-AbCdEf
                deploy: none
                paths: billing/**
            approvals:
              required: {error: 3, warning: 2}
              permissions: [admin, maintain]
              teams: [acme/dba]
              self-approval: true
            rules:
              adding-volatile-default: warning
              creating-index-without-concurrently: off
            backfill:
              batch-target: 150ms
              pause-ratio: 1
              max-replica-lag: 1m30s
              windows: ["mon-fri 22:00-06:00", "sat,sun 00:00-00:00"]
              time-zone: Europe/Berlin
            contract:
              mode: command
              deploy-timeout: 2d
            """);

    assertThat(config.migrationPaths())
        .containsExactly(Glob.compile("db/migrations/**/*.sql"), Glob.compile("billing/sql/*.sql"));
    assertThat(config.databases())
        .containsExactly(
            new DatabaseTarget(
                "main",
                "prod/main-db",
                15,
                Optional.of("production"),
                TransactionMode.PER_STATEMENT,
                List.of()),
            new DatabaseTarget(
                "billing",
                "arn:aws:secretsmanager:eu-west-1:123456789012:secret:billing-AbCdEf",
                DatabaseTarget.DEFAULT_POSTGRES_MAJOR,
                Optional.empty(),
                TransactionMode.PER_FILE,
                List.of(Glob.compile("billing/**"))));
    assertThat(config.approvals().required())
        .isEqualTo(Map.of(Severity.ERROR, 3, Severity.WARNING, 2, Severity.INFO, 0));
    assertThat(config.approvals().permissions())
        .isEqualTo(EnumSet.of(Permission.ADMIN, Permission.MAINTAIN));
    assertThat(config.approvals().teams()).containsExactly("acme/dba");
    assertThat(config.approvals().selfApproval()).isTrue();
    assertThat(config.rules())
        .isEqualTo(
            Map.of(
                "adding-volatile-default",
                RuleLevel.WARNING,
                "creating-index-without-concurrently",
                RuleLevel.OFF));
    assertThat(config.backfill().batchTarget()).isEqualTo(Duration.ofMillis(150));
    assertThat(config.backfill().pauseRatio()).isEqualTo(1.0);
    assertThat(config.backfill().maxReplicaLag()).isEqualTo(Duration.ofSeconds(90));
    assertThat(config.backfill().timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(config.backfill().windows()).hasSize(2);
    assertThat(config.backfill().windows().get(0).days())
        .isEqualTo(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));
    // Saturday 12:00 in Berlin is in the second window only.
    Instant saturdayNoon = Instant.parse("2026-11-28T11:00:00Z");
    assertThat(
            config.backfill().windows().get(1).contains(saturdayNoon, config.backfill().timeZone()))
        .isTrue();
    assertThat(config.contract().mode()).isEqualTo(ContractDefaults.Mode.COMMAND);
    assertThat(config.contract().deployTimeout()).isEqualTo(Duration.ofDays(2));
  }

  @Test
  void theDocumentedExampleIsTheDefaultConfiguration() throws IOException {
    Path doc =
        Path.of(System.getProperty("migrationbot.repository.root"), "docs", "configuration.md");
    String markdown = Files.readString(doc);
    int start = markdown.indexOf("```yaml\n") + "```yaml\n".length();
    String yaml = markdown.substring(start, markdown.indexOf("```", start));

    RepositoryConfig documented = parse(yaml);

    // Same as having no file, apart from the example database and rule override.
    assertThat(documented.databases())
        .containsExactly(
            new DatabaseTarget(
                "main",
                "prod/main-db",
                16,
                Optional.of("production"),
                TransactionMode.PER_FILE,
                List.of()));
    assertThat(documented.rules()).isEqualTo(Map.of("adding-volatile-default", RuleLevel.ERROR));
    assertThat(documented.migrationPaths()).isEqualTo(RepositoryConfig.DEFAULT.migrationPaths());
    assertThat(documented.approvals()).isEqualTo(RepositoryConfig.DEFAULT.approvals());
    assertThat(documented.backfill()).isEqualTo(RepositoryConfig.DEFAULT.backfill());
    assertThat(documented.contract()).isEqualTo(RepositoryConfig.DEFAULT.contract());
  }

  @Test
  void unknownKeysSuggestTheClosestOne() {
    assertProblems(
        """
        aprovals:
          required: {error: 1}
        databases:
          main:
            secret: prod/main
            postgress: 16
        """,
        "1:1: unknown key 'aprovals'; did you mean 'approvals'?",
        "6:5: unknown key 'postgress'; did you mean 'postgres'?");
  }

  @Test
  void unknownKeysWithoutALikelyMatchListTheKnownOnes() {
    assertProblems(
        "schedule: nightly\n",
        "1:1: unknown key 'schedule'; known keys here: migrations, databases, approvals, rules,"
            + " backfill, contract");
  }

  @Test
  void wrongTypesSayWhatIsExpected() {
    assertProblems(
        """
        databases:
          main:
            secret: prod/main
            postgres: sixteen
        approvals:
          self-approval: "no"
          required:
            error: two
        """,
        "4:15: databases.main.postgres must be a whole number, not the text 'sixteen'; write a"
            + " whole number here",
        "6:18: approvals.self-approval must be true or false, not the text 'no'; write true or"
            + " false here",
        "8:12: approvals.required.error must be a whole number, not the text 'two'; write a whole"
            + " number here");
  }

  @Test
  void valuesOutOfRangeAndUnknownChoices() {
    assertProblems(
        """
        databases:
          main:
            secret: prod/main
            postgres: 9
            transaction: per_file
        contract:
          mode: manual
        """,
        "4:15: databases.main.postgres is 9; use a whole number from 11 to 18",
        "5:18: databases.main.transaction cannot be 'per_file'; did you mean 'per-file'?",
        "7:9: contract.mode cannot be 'manual'; use one of auto, command");
  }

  @Test
  void badGlobsSayWhatIsWrong() {
    assertProblems(
        """
        migrations:
          paths:
            - db/migrations/**.sql
            - /db/other/*.sql
        """,
        "3:7: 'db/migrations/**.sql' is not a usable path pattern: '**' must be a whole path"
            + " segment, as in 'db/**/x.sql' (at position 14); write patterns such as"
            + " 'db/migrations/**/*.sql'",
        "4:7: '/db/other/*.sql' is not a usable path pattern: paths are relative to the"
            + " repository root: drop the leading '/'; write patterns such as"
            + " 'db/migrations/**/*.sql'");
  }

  @Test
  void anEmptyListOfMigrationPathsIsAMistake() {
    assertProblems(
        "migrations:\n  paths: []\n",
        "2:10: migrations.paths is empty, so no file would ever be a migration; list at least one"
            + " pattern, or remove the key for the defaults");
  }

  @Test
  void unknownRuleIdsAreTypos() {
    assertProblems(
        """
        rules:
          adding-volatile-defaults: off
          no-such-rule: warning
          adding-volatile-default: fatal
        """,
        "2:3: unknown rule 'adding-volatile-defaults'; did you mean 'adding-volatile-default'?",
        "3:3: unknown rule 'no-such-rule'; see the rule ids in the bot's documentation",
        "4:28: rules.adding-volatile-default cannot be 'fatal'; use one of off, info, warning,"
            + " error");
  }

  @Test
  void durationsWindowsAndZonesNeedTheirFormat() {
    assertProblems(
        """
        backfill:
          batch-target: 200
          max-replica-lag: ten seconds
          windows: ["weekdays 22:00-06:00", "mon 25:00-02:00"]
          time-zone: Mars/Olympus
        """,
        "2:17: backfill.batch-target must be a duration, not the number 200; write a duration"
            + " with its unit, e.g. 200ms, 10s, 5m, 24h or 1h30m",
        "3:20: backfill.max-replica-lag cannot be 'ten seconds'; write a duration with its unit,"
            + " e.g. 200ms, 10s, 5m, 24h or 1h30m",
        "4:13: 'weekdays 22:00-06:00' is not a time window: 'weekdays' is not a day (mon, tue,"
            + " ... sun); write windows as days and times, e.g. 'mon-fri 22:00-06:00' or 'daily"
            + " 01:00-05:00'",
        "4:37: 'mon 25:00-02:00' is not a time window: '25:00' is not a time of day; write"
            + " windows as days and times, e.g. 'mon-fri 22:00-06:00' or 'daily 01:00-05:00'",
        "5:14: 'Mars/Olympus' is not a time zone; use a zone id such as UTC or Europe/Berlin");
  }

  @Test
  void aDatabaseNeedsItsSecret() {
    assertProblems(
        """
        databases:
          main:
            postgres: 16
        """,
        "2:3: database 'main' has no secret; add 'secret:' with the Secrets Manager secret id of"
            + " its credentials");
  }

  @Test
  void somebodyMustBeAbleToApprove() {
    assertProblems(
        """
        approvals:
          permissions: []
        """,
        "2:3: approvals are required but nobody's approval counts; list roles under"
            + " 'permissions' or teams under 'teams'");
  }

  @Test
  void repeatedKeysAreNotSilentlyMerged() {
    assertProblems(
        """
        contract:
          mode: auto
        contract:
          mode: command
        """,
        "3:1: the key 'contract' appears twice here; keep one; YAML would silently use the last");
  }

  @Test
  void invalidYamlPointsAtTheLine() {
    InvalidConfigException e = rejected("databases:\n  main:\n    secret: [unclosed\n  other: 1\n");
    assertThat(e.problems()).hasSize(1);
    ConfigProblem problem = e.problems().get(0);
    assertThat(problem.line()).isEqualTo(4);
    assertThat(problem.problem()).startsWith("the file is not valid YAML: ");
  }

  @Test
  void theFileMustBeAMapping() {
    assertProblems(
        "- db/migrations\n",
        "1:1: the file must be a mapping of keys to values, not a list; write a mapping of keys to"
            + " values here");
  }

  @Test
  void theMessageNamesTheFileLikeACompiler() {
    assertThat(rejected("aprovals: {}\n"))
        .hasMessage(
            ".github/migration-bot.yml:1:1: unknown key 'aprovals'; did you mean 'approvals'?");
  }

  private static RepositoryConfig parse(String yaml) {
    return RepositoryConfigParser.parse(yaml, RULES);
  }

  private static InvalidConfigException rejected(String yaml) {
    try {
      parse(yaml);
    } catch (InvalidConfigException e) {
      return e;
    }
    throw new AssertionError("accepted:\n" + yaml);
  }

  private static void assertProblems(String yaml, String... expected) {
    assertThat(rejected(yaml).problems())
        .extracting(ConfigProblem::toString)
        .containsExactly(expected);
  }
}
