package dev.migrationbot.github;

import com.fasterxml.jackson.core.JsonToken;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.TransactionMode;
import dev.migrationbot.github.YamlTree.Entry;
import dev.migrationbot.github.YamlTree.ListNode;
import dev.migrationbot.github.YamlTree.MapNode;
import dev.migrationbot.github.YamlTree.Node;
import dev.migrationbot.github.YamlTree.Position;
import dev.migrationbot.github.YamlTree.Scalar;
import dev.migrationbot.rollout.config.ApprovalPolicy;
import dev.migrationbot.rollout.config.BackfillDefaults;
import dev.migrationbot.rollout.config.ConfigProblem;
import dev.migrationbot.rollout.config.ContractDefaults;
import dev.migrationbot.rollout.config.DatabaseTarget;
import dev.migrationbot.rollout.config.Glob;
import dev.migrationbot.rollout.config.InvalidConfigException;
import dev.migrationbot.rollout.config.RepositoryConfig;
import dev.migrationbot.rollout.config.RuleLevel;
import dev.migrationbot.rollout.config.TimeWindow;
import dev.migrationbot.rollout.port.Permission;
import dev.migrationbot.rollout.text.DidYouMean;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads {@code .github/migration-bot.yml}. Every problem is collected with its line and column,
 * what is wrong and what to write instead, so one failing check run shows them all.
 *
 * <pre>
 * migrations:
 *   paths: ["db/migrations/**&#47;*.sql"]
 * databases:
 *   main:
 *     secret: prod/main-db          # Secrets Manager secret id (required)
 *     postgres: 16
 *     deploy: production            # or none
 *     transaction: per-file         # per-file, per-statement or none
 *     paths: ["db/migrations/**"]   # optional: this database's files
 * approvals:
 *   required: {error: 2, warning: 1, info: 0}
 *   permissions: [admin, maintain, write]
 *   teams: [acme/dba]
 *   self-approval: false
 * rules:
 *   adding-volatile-default: warning   # error, warning, info or off
 * backfill:
 *   batch-target: 200ms
 *   pause-ratio: 0.5
 *   max-replica-lag: 10s
 *   windows: ["mon-fri 22:00-06:00", "sat,sun 00:00-00:00"]
 *   time-zone: Europe/Berlin
 * contract:
 *   mode: auto                     # or command: always wait for /migration contract
 *   deploy-timeout: 24h
 * </pre>
 */
public final class RepositoryConfigParser {

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final Pattern WINDOW =
      Pattern.compile("([a-z,\\-]+)\\s+(\\d{1,2}:\\d{2})\\s*-\\s*(\\d{1,2}:\\d{2})");
  private static final Pattern TEAM = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
  private static final Pattern TARGET_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");

  private final Set<String> knownRuleIds;
  private final List<ConfigProblem> problems = new ArrayList<>();

  private RepositoryConfigParser(Set<String> knownRuleIds) {
    this.knownRuleIds = knownRuleIds;
  }

  /**
   * @param knownRuleIds the rule ids of the analyzer's catalogue; an override of any other id is a
   *     problem (usually a typo that would silently do nothing)
   * @throws InvalidConfigException listing every problem of the file
   */
  public static RepositoryConfig parse(String yaml, Set<String> knownRuleIds) {
    return new RepositoryConfigParser(Set.copyOf(knownRuleIds)).read(yaml);
  }

  private RepositoryConfig read(String yaml) {
    List<YamlTree.Duplicate> duplicates = new ArrayList<>();
    Optional<Node> root;
    try {
      root = YamlTree.parse(yaml, duplicates);
    } catch (YamlTree.SyntaxException e) {
      throw new InvalidConfigException(RepositoryConfig.PATH, List.of(e.problem));
    }
    duplicates.forEach(
        d ->
            problems.add(
                d.position()
                    .problem(
                        "the key '" + d.key() + "' appears twice here",
                        "keep one; YAML would silently use the last")));
    if (root.isEmpty() || isNull(root.get())) {
      return finish(RepositoryConfig.DEFAULT);
    }
    Optional<MapNode> top = mapping(root.get(), "the file");
    if (top.isEmpty()) {
      throw invalid();
    }
    Map<String, Node> sections =
        keys(
            top.get(),
            List.of("migrations", "databases", "approvals", "rules", "backfill", "contract"));
    Optional<Node> pathsNode =
        section(sections, "migrations", List.of("paths"))
            .flatMap(m -> Optional.ofNullable(m.get("paths")));
    List<Glob> paths =
        pathsNode
            .map(n -> globs(n, "migrations.paths"))
            .orElse(RepositoryConfig.DEFAULT_MIGRATION_PATHS);
    if (paths.isEmpty()) {
      if (pathsNode.isPresent()
          && pathsNode.get() instanceof ListNode
          && ((ListNode) pathsNode.get()).items().isEmpty()) {
        problems.add(
            pathsNode
                .get()
                .position()
                .problem(
                    "migrations.paths is empty, so no file would ever be a migration",
                    "list at least one pattern, or remove the key for the defaults"));
      }
      paths = RepositoryConfig.DEFAULT_MIGRATION_PATHS;
    }
    List<DatabaseTarget> databases =
        Optional.ofNullable(sections.get("databases")).map(this::databases).orElse(List.of());
    ApprovalPolicy approvals =
        Optional.ofNullable(sections.get("approvals"))
            .map(this::approvals)
            .orElse(ApprovalPolicy.DEFAULT);
    Map<String, RuleLevel> rules =
        Optional.ofNullable(sections.get("rules")).map(this::rules).orElse(Map.of());
    BackfillDefaults backfill =
        Optional.ofNullable(sections.get("backfill"))
            .map(this::backfill)
            .orElse(BackfillDefaults.DEFAULT);
    ContractDefaults contract =
        Optional.ofNullable(sections.get("contract"))
            .map(this::contract)
            .orElse(ContractDefaults.DEFAULT);
    if (!problems.isEmpty()) {
      throw invalid();
    }
    return new RepositoryConfig(paths, databases, approvals, rules, backfill, contract);
  }

  private RepositoryConfig finish(RepositoryConfig config) {
    if (!problems.isEmpty()) {
      throw invalid();
    }
    return config;
  }

  private InvalidConfigException invalid() {
    problems.sort(
        Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
    return new InvalidConfigException(RepositoryConfig.PATH, problems);
  }

  private List<DatabaseTarget> databases(Node node) {
    Optional<MapNode> map = mapping(node, "databases");
    if (map.isEmpty()) {
      return List.of();
    }
    List<DatabaseTarget> targets = new ArrayList<>();
    for (Entry entry : map.get().entries()) {
      String where = "databases." + entry.key();
      if (!TARGET_NAME.matcher(entry.key()).matches()) {
        problems.add(
            entry
                .keyPosition()
                .problem(
                    "'" + entry.key() + "' is not a usable database name",
                    "use lower-case letters, digits, '-' and '_', e.g. 'main'"));
      }
      Optional<MapNode> fields = mapping(entry.value(), where);
      if (fields.isEmpty()) {
        continue;
      }
      Map<String, Node> values =
          keys(fields.get(), List.of("secret", "postgres", "deploy", "transaction", "paths"));
      Optional<String> secret =
          Optional.ofNullable(values.get("secret")).flatMap(n -> text(n, where + ".secret"));
      if (!values.containsKey("secret")) {
        problems.add(
            entry
                .keyPosition()
                .problem(
                    "database '" + entry.key() + "' has no secret",
                    "add 'secret:' with the Secrets Manager secret id of its credentials"));
      }
      int major =
          Optional.ofNullable(values.get("postgres"))
              .flatMap(
                  n ->
                      integer(
                          n,
                          where + ".postgres",
                          DatabaseTarget.MIN_POSTGRES_MAJOR,
                          DatabaseTarget.MAX_POSTGRES_MAJOR))
              .orElse(DatabaseTarget.DEFAULT_POSTGRES_MAJOR);
      Optional<String> deploy =
          Optional.ofNullable(values.get("deploy"))
              .flatMap(n -> text(n, where + ".deploy"))
              .filter(env -> !env.equalsIgnoreCase("none"));
      TransactionMode transaction =
          Optional.ofNullable(values.get("transaction"))
              .flatMap(
                  n ->
                      choice(
                          n,
                          where + ".transaction",
                          Arrays.asList(TransactionMode.values()),
                          TransactionMode::displayName))
              .orElse(TransactionMode.PER_FILE);
      List<Glob> paths =
          Optional.ofNullable(values.get("paths"))
              .map(n -> globs(n, where + ".paths"))
              .orElse(List.of());
      if (secret.isPresent()) {
        targets.add(
            new DatabaseTarget(entry.key(), secret.get(), major, deploy, transaction, paths));
      }
    }
    return targets;
  }

  private ApprovalPolicy approvals(Node node) {
    Optional<MapNode> map = mapping(node, "approvals");
    if (map.isEmpty()) {
      return ApprovalPolicy.DEFAULT;
    }
    Map<String, Node> values =
        keys(map.get(), List.of("required", "permissions", "teams", "self-approval"));
    Map<Severity, Integer> required = new EnumMap<>(ApprovalPolicy.DEFAULT.required());
    Optional.ofNullable(values.get("required"))
        .flatMap(n -> mapping(n, "approvals.required"))
        .ifPresent(
            m ->
                m.entries()
                    .forEach(
                        e -> {
                          Optional<Severity> severity =
                              known(
                                      e.key(),
                                      e.keyPosition(),
                                      "approvals.required",
                                      Arrays.stream(Severity.values())
                                          .map(Severity::displayName)
                                          .toList())
                                  .map(Severity::parse);
                          Optional<Integer> count =
                              integer(e.value(), "approvals.required." + e.key(), 0, 20);
                          if (severity.isPresent() && count.isPresent()) {
                            required.put(severity.get(), count.get());
                          }
                        }));
    Set<Permission> permissions =
        Optional.ofNullable(values.get("permissions"))
            .map(
                n ->
                    list(n, "approvals.permissions").stream()
                        .map(
                            item ->
                                choice(
                                    item,
                                    "approvals.permissions",
                                    List.of(
                                        Permission.ADMIN,
                                        Permission.MAINTAIN,
                                        Permission.WRITE,
                                        Permission.TRIAGE,
                                        Permission.READ),
                                    Permission::displayName))
                        .flatMap(Optional::stream)
                        .collect(Collectors.toCollection(() -> EnumSet.noneOf(Permission.class))))
            .orElse(EnumSet.copyOf(ApprovalPolicy.DEFAULT.permissions()));
    Set<String> teams = new LinkedHashSet<>();
    Optional.ofNullable(values.get("teams"))
        .ifPresent(
            n ->
                list(n, "approvals.teams")
                    .forEach(
                        item ->
                            text(item, "approvals.teams")
                                .ifPresent(
                                    team -> {
                                      if (TEAM.matcher(team).matches()) {
                                        teams.add(team);
                                      } else {
                                        problems.add(
                                            item.position()
                                                .problem(
                                                    "'" + team + "' is not a team",
                                                    "write teams as organization/team-slug, e.g."
                                                        + " acme/dba"));
                                      }
                                    })));
    boolean selfApproval =
        Optional.ofNullable(values.get("self-approval"))
            .flatMap(n -> bool(n, "approvals.self-approval"))
            .orElse(false);
    if (permissions.isEmpty()
        && teams.isEmpty()
        && required.values().stream().anyMatch(r -> r > 0)) {
      problems.add(
          map.get()
              .position()
              .problem(
                  "approvals are required but nobody's approval counts",
                  "list roles under 'permissions' or teams under 'teams'"));
    }
    return new ApprovalPolicy(required, permissions, teams, selfApproval);
  }

  private Map<String, RuleLevel> rules(Node node) {
    Map<String, RuleLevel> rules = new LinkedHashMap<>();
    mapping(node, "rules")
        .ifPresent(
            m ->
                m.entries()
                    .forEach(
                        e -> {
                          Optional<String> id =
                              known(e.key(), e.keyPosition(), "rules", knownRuleIds);
                          Optional<RuleLevel> level =
                              choice(
                                  e.value(),
                                  "rules." + e.key(),
                                  Arrays.asList(RuleLevel.values()),
                                  RuleLevel::displayName);
                          if (id.isPresent() && level.isPresent()) {
                            rules.put(id.get(), level.get());
                          }
                        }));
    return rules;
  }

  private BackfillDefaults backfill(Node node) {
    BackfillDefaults defaults = BackfillDefaults.DEFAULT;
    Optional<MapNode> map = mapping(node, "backfill");
    if (map.isEmpty()) {
      return defaults;
    }
    Map<String, Node> values =
        keys(
            map.get(),
            List.of("batch-target", "pause-ratio", "max-replica-lag", "windows", "time-zone"));
    Duration batchTarget =
        Optional.ofNullable(values.get("batch-target"))
            .flatMap(n -> duration(n, "backfill.batch-target"))
            .orElse(defaults.batchTarget());
    double pauseRatio =
        Optional.ofNullable(values.get("pause-ratio"))
            .flatMap(n -> number(n, "backfill.pause-ratio", 0, 100))
            .orElse(defaults.pauseRatio());
    Duration lag =
        Optional.ofNullable(values.get("max-replica-lag"))
            .flatMap(n -> duration(n, "backfill.max-replica-lag"))
            .orElse(defaults.maxReplicaLag());
    List<TimeWindow> windows =
        Optional.ofNullable(values.get("windows"))
            .map(
                n ->
                    list(n, "backfill.windows").stream()
                        .map(item -> window(item))
                        .flatMap(Optional::stream)
                        .toList())
            .orElse(defaults.windows());
    ZoneId zone =
        Optional.ofNullable(values.get("time-zone"))
            .flatMap(n -> zone(n))
            .orElse(defaults.timeZone());
    return new BackfillDefaults(batchTarget, pauseRatio, lag, windows, zone);
  }

  private ContractDefaults contract(Node node) {
    ContractDefaults defaults = ContractDefaults.DEFAULT;
    Optional<MapNode> map = mapping(node, "contract");
    if (map.isEmpty()) {
      return defaults;
    }
    Map<String, Node> values = keys(map.get(), List.of("mode", "deploy-timeout"));
    ContractDefaults.Mode mode =
        Optional.ofNullable(values.get("mode"))
            .flatMap(
                n ->
                    choice(
                        n,
                        "contract.mode",
                        Arrays.asList(ContractDefaults.Mode.values()),
                        ContractDefaults.Mode::displayName))
            .orElse(defaults.mode());
    Duration timeout =
        Optional.ofNullable(values.get("deploy-timeout"))
            .flatMap(n -> duration(n, "contract.deploy-timeout"))
            .orElse(defaults.deployTimeout());
    return new ContractDefaults(mode, timeout);
  }

  // ---- shapes ----

  private Optional<Map<String, Node>> section(
      Map<String, Node> sections, String name, List<String> allowed) {
    return Optional.ofNullable(sections.get(name))
        .flatMap(n -> mapping(n, name))
        .map(m -> keys(m, allowed));
  }

  /** The mapping's values by key; unknown keys are problems with a suggestion. */
  private Map<String, Node> keys(MapNode map, List<String> allowed) {
    Map<String, Node> values = new LinkedHashMap<>();
    for (Entry entry : map.entries()) {
      if (allowed.contains(entry.key())) {
        values.putIfAbsent(entry.key(), entry.value());
      } else {
        problems.add(
            entry
                .keyPosition()
                .problem(
                    "unknown key '" + entry.key() + "'",
                    DidYouMean.closest(entry.key(), allowed)
                        .map(s -> "did you mean '" + s + "'?")
                        .orElse("known keys here: " + String.join(", ", allowed))));
      }
    }
    return values;
  }

  private Optional<String> known(
      String key, Position position, String where, Collection<String> allowed) {
    if (allowed.contains(key)) {
      return Optional.of(key);
    }
    String what =
        where.equals("rules")
            ? "unknown rule '" + key + "'"
            : "unknown key '" + key + "' in " + where;
    problems.add(
        position.problem(
            what,
            DidYouMean.closest(key, allowed)
                .map(s -> "did you mean '" + s + "'?")
                .orElse(
                    where.equals("rules")
                        ? "see the rule ids in the bot's documentation"
                        : "use one of " + String.join(", ", allowed))));
    return Optional.empty();
  }

  private Optional<MapNode> mapping(Node node, String where) {
    if (node instanceof MapNode) {
      return Optional.of((MapNode) node);
    }
    if (!isNull(node)) {
      problems.add(wrongType(node, where, "a mapping of keys to values"));
    }
    return Optional.empty();
  }

  private List<Node> list(Node node, String where) {
    if (node instanceof ListNode) {
      return ((ListNode) node).items();
    }
    if (node instanceof Scalar && ((Scalar) node).token() == JsonToken.VALUE_STRING) {
      // A single value where a list is expected: accepted, as people write it.
      return List.of(node);
    }
    problems.add(wrongType(node, where, "a list"));
    return List.of();
  }

  private Optional<String> text(Node node, String where) {
    if (node instanceof Scalar && ((Scalar) node).token() == JsonToken.VALUE_STRING) {
      String text = ((Scalar) node).text().trim();
      if (!text.isEmpty()) {
        return Optional.of(text);
      }
    }
    problems.add(wrongType(node, where, "a text"));
    return Optional.empty();
  }

  private Optional<Integer> integer(Node node, String where, int min, int max) {
    if (node instanceof Scalar && ((Scalar) node).token() == JsonToken.VALUE_NUMBER_INT) {
      long value = Long.parseLong(((Scalar) node).text());
      if (value >= min && value <= max) {
        return Optional.of((int) value);
      }
      problems.add(
          node.position()
              .problem(where + " is " + value, "use a whole number from " + min + " to " + max));
      return Optional.empty();
    }
    problems.add(wrongType(node, where, "a whole number"));
    return Optional.empty();
  }

  private Optional<Double> number(Node node, String where, double min, double max) {
    if (node instanceof Scalar
        && (((Scalar) node).token() == JsonToken.VALUE_NUMBER_INT
            || ((Scalar) node).token() == JsonToken.VALUE_NUMBER_FLOAT)) {
      double value = Double.parseDouble(((Scalar) node).text());
      if (value >= min && value <= max) {
        return Optional.of(value);
      }
      problems.add(
          node.position()
              .problem(where + " is " + value, "use a number from " + min + " to " + max));
      return Optional.empty();
    }
    problems.add(wrongType(node, where, "a number, e.g. 0.5"));
    return Optional.empty();
  }

  private Optional<Boolean> bool(Node node, String where) {
    if (node instanceof Scalar
        && (((Scalar) node).token() == JsonToken.VALUE_TRUE
            || ((Scalar) node).token() == JsonToken.VALUE_FALSE)) {
      return Optional.of(((Scalar) node).token() == JsonToken.VALUE_TRUE);
    }
    problems.add(wrongType(node, where, "true or false"));
    return Optional.empty();
  }

  private <T> Optional<T> choice(
      Node node, String where, List<T> options, Function<T, String> name) {
    List<String> names = options.stream().map(name).toList();
    // YAML 1.1 reads a bare off, on, yes or no as a boolean; the word written is still the choice.
    if (node instanceof Scalar
        && (((Scalar) node).token() == JsonToken.VALUE_STRING
            || ((Scalar) node).token() == JsonToken.VALUE_TRUE
            || ((Scalar) node).token() == JsonToken.VALUE_FALSE)) {
      String text = ((Scalar) node).text().trim().toLowerCase(Locale.ROOT);
      for (T option : options) {
        if (name.apply(option).equals(text)) {
          return Optional.of(option);
        }
      }
      problems.add(
          node.position()
              .problem(
                  where + " cannot be '" + ((Scalar) node).text() + "'",
                  DidYouMean.closest(text, names)
                      .map(s -> "did you mean '" + s + "'?")
                      .orElse("use one of " + String.join(", ", names))));
      return Optional.empty();
    }
    problems.add(wrongType(node, where, "one of " + String.join(", ", names)));
    return Optional.empty();
  }

  private List<Glob> globs(Node node, String where) {
    List<Glob> globs = new ArrayList<>();
    for (Node item : list(node, where)) {
      text(item, where)
          .ifPresent(
              pattern -> {
                try {
                  globs.add(Glob.compile(pattern));
                } catch (IllegalArgumentException e) {
                  problems.add(
                      item.position()
                          .problem(
                              "'" + pattern + "' is not a usable path pattern: " + e.getMessage(),
                              "write patterns such as 'db/migrations/**/*.sql'"));
                }
              });
    }
    return globs;
  }

  private Optional<Duration> duration(Node node, String where) {
    String example = "write a duration with its unit, e.g. 200ms, 10s, 5m, 24h or 1h30m";
    if (!(node instanceof Scalar) || ((Scalar) node).token() != JsonToken.VALUE_STRING) {
      problems.add(wrongType(node, where, "a duration", example));
      return Optional.empty();
    }
    String text = ((Scalar) node).text().trim().toLowerCase(Locale.ROOT);
    Matcher matcher = DURATION.matcher(text);
    Duration total = Duration.ZERO;
    int end = 0;
    while (matcher.find() && matcher.start() == end) {
      long amount = Long.parseLong(matcher.group(1));
      switch (matcher.group(2)) {
        case "ms":
          total = total.plusMillis(amount);
          break;
        case "s":
          total = total.plusSeconds(amount);
          break;
        case "m":
          total = total.plusMinutes(amount);
          break;
        case "h":
          total = total.plusHours(amount);
          break;
        default:
          total = total.plusDays(amount);
      }
      end = matcher.end();
    }
    if (end != text.length() || text.isEmpty() || total.isZero()) {
      problems.add(
          node.position().problem(where + " cannot be '" + ((Scalar) node).text() + "'", example));
      return Optional.empty();
    }
    return Optional.of(total);
  }

  private Optional<TimeWindow> window(Node node) {
    String example =
        "write windows as days and times, e.g. 'mon-fri 22:00-06:00' or 'daily 01:00-05:00'";
    Optional<String> text = text(node, "backfill.windows");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Matcher matcher = WINDOW.matcher(text.get().toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      problems.add(node.position().problem("'" + text.get() + "' is not a time window", example));
      return Optional.empty();
    }
    try {
      Set<DayOfWeek> days = days(matcher.group(1));
      return Optional.of(new TimeWindow(days, time(matcher.group(2)), time(matcher.group(3))));
    } catch (IllegalArgumentException | DateTimeException e) {
      problems.add(
          node.position()
              .problem("'" + text.get() + "' is not a time window: " + e.getMessage(), example));
      return Optional.empty();
    }
  }

  private static Set<DayOfWeek> days(String spec) {
    if (spec.equals("daily")) {
      return EnumSet.allOf(DayOfWeek.class);
    }
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String part : spec.split(",")) {
      String[] range = part.split("-", -1);
      if (range.length > 2) {
        throw new IllegalArgumentException("'" + part + "' is not a day or a range of days");
      }
      DayOfWeek from = day(range[0]);
      DayOfWeek to = range.length == 2 ? day(range[1]) : from;
      for (DayOfWeek d = from; ; d = d.plus(1)) {
        days.add(d);
        if (d == to) {
          break;
        }
      }
    }
    return days;
  }

  private static DayOfWeek day(String name) {
    for (DayOfWeek day : DayOfWeek.values()) {
      if (day.name().toLowerCase(Locale.ROOT).startsWith(name) && name.length() >= 3) {
        return day;
      }
    }
    throw new IllegalArgumentException("'" + name + "' is not a day (mon, tue, ... sun)");
  }

  private static LocalTime time(String text) {
    try {
      return LocalTime.parse(text.length() == 4 ? "0" + text : text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + text + "' is not a time of day", e);
    }
  }

  private Optional<ZoneId> zone(Node node) {
    Optional<String> text = text(node, "backfill.time-zone");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(ZoneId.of(text.get()).normalized());
    } catch (DateTimeException e) {
      problems.add(
          node.position()
              .problem(
                  "'" + text.get() + "' is not a time zone",
                  "use a zone id such as UTC or Europe/Berlin"));
      return Optional.empty();
    }
  }

  private static boolean isNull(Node node) {
    return node instanceof Scalar && ((Scalar) node).token() == JsonToken.VALUE_NULL;
  }

  private static ConfigProblem wrongType(Node node, String where, String expected) {
    return wrongType(node, where, expected, "write " + expected + " here");
  }

  private static ConfigProblem wrongType(Node node, String where, String expected, String fix) {
    return node.position().problem(where + " must be " + expected + ", not " + node.kind(), fix);
  }
}
