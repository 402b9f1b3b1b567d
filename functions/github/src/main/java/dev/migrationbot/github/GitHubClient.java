package dev.migrationbot.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.migrationbot.github.GitHubHttp.Request;
import dev.migrationbot.github.GitHubHttp.Response;
import dev.migrationbot.rollout.port.BotComment;
import dev.migrationbot.rollout.port.ChangedFile;
import dev.migrationbot.rollout.port.CheckRun;
import dev.migrationbot.rollout.port.CheckRunRef;
import dev.migrationbot.rollout.port.CheckRuns;
import dev.migrationbot.rollout.port.CommentWrite;
import dev.migrationbot.rollout.port.Comments;
import dev.migrationbot.rollout.port.CommitRelation;
import dev.migrationbot.rollout.port.Deployment;
import dev.migrationbot.rollout.port.Deployments;
import dev.migrationbot.rollout.port.FileContent;
import dev.migrationbot.rollout.port.Permission;
import dev.migrationbot.rollout.port.Permissions;
import dev.migrationbot.rollout.port.PullRequest;
import dev.migrationbot.rollout.port.PullRequests;
import dev.migrationbot.rollout.port.Reaction;
import dev.migrationbot.rollout.port.RepositoryFiles;
import dev.migrationbot.rollout.port.RepositoryRef;
import dev.migrationbot.rollout.port.RequestRejectedException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The bot's ports on GitHub's REST API, one documented call per need: a comment upsert is one list
 * and one create or update, a check run one lookup and one create or update (plus one update per
 * further 50 annotations).
 *
 * <p>Built directly on the REST API rather than on hub4j's object model: that model fetches the
 * repository, pull request and issue before each operation (three extra round trips in a delivery
 * that has 10 s), has no {@code role_name} for permissions, no reaction by comment id and no team
 * membership by slug, and its connector sets no request timeout.
 */
public final class GitHubClient
    implements PullRequests, RepositoryFiles, Comments, CheckRuns, Permissions, Deployments {

  /** The Checks API takes at most 50 annotations per request. */
  static final int ANNOTATIONS_PER_REQUEST = 50;

  /** GitHub's limit for a check run's summary and text. */
  static final int MAX_OUTPUT_CHARS = 65_535;

  private static final String RAW = "application/vnd.github.raw+json";
  private static final int PAGE = 100;

  private final GitHubHttp http;
  private final GitHubCredentials credentials;
  private final Optional<InstallationTokens> tokens;
  private volatile String botLogin;

  public GitHubClient(GitHubHttp http, GitHubCredentials credentials, InstallationTokens tokens) {
    this.http = http;
    this.credentials = credentials;
    this.tokens = Optional.ofNullable(tokens);
    if (credentials instanceof GitHubCredentials.App && tokens == null) {
      throw new IllegalArgumentException("App credentials need an installation token cache");
    }
  }

  /** A client that authenticates with a token. */
  public static GitHubClient withToken(GitHubHttp http, String token) {
    return new GitHubClient(http, new GitHubCredentials.Token(token), null);
  }

  /** A client that authenticates as a GitHub App, per installation. */
  public static GitHubClient asApp(
      GitHubHttp http, GitHubCredentials.App app, java.time.Clock clock) {
    return new GitHubClient(http, app, new InstallationTokens(http, app, clock));
  }

  /**
   * The bot's own login: {@code <app-slug>[bot]} for an App, the token owner's login otherwise. Its
   * comments are the only ones the bot ever takes for its own.
   */
  public String botLogin() {
    String login = botLogin;
    if (login == null) {
      if (credentials instanceof GitHubCredentials.App) {
        JsonNode app =
            http.json(
                http.expectOk(
                    Request.get("/app", tokens.orElseThrow()::appAuthorization),
                    "reading the App"));
        login = text(app, "slug") + "[bot]";
      } else {
        JsonNode user =
            http.json(
                http.expectOk(
                    Request.get("/user", this::tokenAuthorization), "reading the token's user"));
        login = text(user, "login");
      }
      botLogin = login;
    }
    return login;
  }

  // ---- pull requests and files ----

  @Override
  public List<ChangedFile> changedFiles(RepositoryRef repository, int number) {
    List<JsonNode> files =
        http.getAllPages(
            Request.get(
                repo(repository) + "/pulls/" + number + "/files?per_page=" + PAGE,
                auth(repository)),
            "listing the files of " + repository + "#" + number);
    List<ChangedFile> changed = new ArrayList<>();
    for (JsonNode file : files) {
      changed.add(
          new ChangedFile(
              text(file, "filename"),
              ChangedFile.Status.valueOf(text(file, "status").toUpperCase(Locale.ROOT)),
              file.path("previous_filename").isTextual()
                  ? Optional.of(file.path("previous_filename").asText())
                  : Optional.empty()));
    }
    return changed;
  }

  @Override
  public PullRequest get(RepositoryRef repository, int number) {
    JsonNode pr =
        http.json(
            http.expectOk(
                Request.get(repo(repository) + "/pulls/" + number, auth(repository)),
                "reading " + repository + "#" + number));
    JsonNode headRepo = pr.path("head").path("repo");
    return new PullRequest(
        number,
        text(pr.path("user"), "login"),
        text(pr.path("head"), "sha"),
        headRepo.path("full_name").isTextual()
            ? Optional.of(headRepo.path("full_name").asText())
            : Optional.empty(),
        text(pr.path("base"), "ref"),
        "open".equals(pr.path("state").asText()),
        pr.path("merged").asBoolean(false),
        pr.path("merge_commit_sha").isTextual() && pr.path("merged").asBoolean(false)
            ? Optional.of(pr.path("merge_commit_sha").asText())
            : Optional.empty());
  }

  @Override
  public FileContent read(RepositoryRef repository, String path, String ref) {
    Response response =
        http.send(
            Request.get(
                    repo(repository) + "/contents/" + encodePath(path) + "?ref=" + encode(ref),
                    auth(repository))
                .accepting(RAW));
    if (response.status() == 404) {
      return new FileContent.Absent(path, ref);
    }
    if (!response.ok()) {
      throw http.rejected(response, "reading " + path + " at " + ref + " in " + repository);
    }
    // With the raw media type a file comes as its bytes; a directory still comes as a JSON list.
    boolean json =
        response.header("Content-Type").map(t -> t.startsWith("application/json")).orElse(false);
    if (json && http.json(response).isArray()) {
      return new FileContent.Absent(path, ref);
    }
    return new FileContent.Present(path, ref, new String(response.body(), StandardCharsets.UTF_8));
  }

  // ---- comments ----

  @Override
  public Optional<BotComment> find(RepositoryRef repository, int number, String marker) {
    String bot = botLogin();
    return http
        .getAllPages(
            Request.get(
                repo(repository) + "/issues/" + number + "/comments?per_page=" + PAGE,
                auth(repository)),
            "listing the comments of " + repository + "#" + number)
        .stream()
        .filter(c -> c.path("user").path("login").asText().equalsIgnoreCase(bot))
        .filter(c -> c.path("body").asText().contains(marker))
        .map(c -> new BotComment(c.path("id").asLong(), c.path("body").asText()))
        .findFirst();
  }

  @Override
  public CommentWrite upsert(RepositoryRef repository, int number, String marker, String body) {
    if (!body.contains(marker)) {
      throw new IllegalArgumentException("the comment body must contain its marker " + marker);
    }
    Optional<BotComment> existing = find(repository, number, marker);
    if (existing.isPresent() && existing.get().body().equals(body)) {
      return new CommentWrite(existing.get().id(), CommentWrite.Outcome.UNCHANGED);
    }
    if (existing.isPresent()) {
      http.expectOk(
          Request.send(
              "PATCH",
              repo(repository) + "/issues/comments/" + existing.get().id(),
              Map.of("body", body),
              true,
              auth(repository)),
          "updating the bot's comment on " + repository + "#" + number);
      return new CommentWrite(existing.get().id(), CommentWrite.Outcome.UPDATED);
    }
    // Not repeatable: a retried POST after a lost answer would leave two comments.
    Response created =
        http.expectOk(
            Request.send(
                "POST",
                repo(repository) + "/issues/" + number + "/comments",
                Map.of("body", body),
                false,
                auth(repository)),
            "commenting on " + repository + "#" + number);
    return new CommentWrite(http.json(created).path("id").asLong(), CommentWrite.Outcome.CREATED);
  }

  @Override
  public void react(RepositoryRef repository, long commentId, Reaction reaction) {
    // GitHub answers 200 for a reaction that exists already: repeating is harmless.
    http.expectOk(
        Request.send(
            "POST",
            repo(repository) + "/issues/comments/" + commentId + "/reactions",
            Map.of("content", reaction.content()),
            true,
            auth(repository)),
        "reacting to comment " + commentId + " in " + repository);
  }

  // ---- check runs ----

  @Override
  public CheckRunRef publish(RepositoryRef repository, CheckRun run) {
    Supplier<String> auth = auth(repository);
    Optional<JsonNode> existing = findCheckRun(repository, run, auth);
    if (existing.isPresent() && shows(existing.get(), run)) {
      // A redelivered event: writing again would only append the same annotations twice.
      return new CheckRunRef(
          existing.get().path("id").asLong(), existing.get().path("html_url").asText());
    }
    List<CheckRun.Annotation> annotations = run.output().annotations();
    List<CheckRun.Annotation> first =
        annotations.subList(0, Math.min(ANNOTATIONS_PER_REQUEST, annotations.size()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", run.name());
    if (existing.isEmpty()) {
      body.put("head_sha", run.headSha());
    }
    body.put("status", run.status().apiName());
    run.conclusion().ifPresent(c -> body.put("conclusion", c.apiName()));
    run.detailsUrl().ifPresent(u -> body.put("details_url", u));
    run.externalId().ifPresent(id -> body.put("external_id", id));
    body.put("output", output(run.output(), true, first));
    Response response =
        existing.isPresent()
            ? http.expectOk(
                Request.send(
                    "PATCH",
                    repo(repository) + "/check-runs/" + existing.get().path("id").asLong(),
                    body,
                    false,
                    auth),
                "updating check run " + run.name() + " on " + run.headSha())
            : http.expectOk(
                Request.send("POST", repo(repository) + "/check-runs", body, false, auth),
                "creating check run " + run.name() + " on " + run.headSha());
    JsonNode written = http.json(response);
    long id = written.path("id").asLong();
    // Further annotations are appended by updates that repeat the title and summary GitHub needs.
    for (int from = ANNOTATIONS_PER_REQUEST;
        from < annotations.size();
        from += ANNOTATIONS_PER_REQUEST) {
      List<CheckRun.Annotation> batch =
          annotations.subList(from, Math.min(from + ANNOTATIONS_PER_REQUEST, annotations.size()));
      http.expectOk(
          Request.send(
              "PATCH",
              repo(repository) + "/check-runs/" + id,
              Map.of("output", output(run.output(), false, batch)),
              false,
              auth),
          "adding annotations to check run " + run.name());
    }
    return new CheckRunRef(id, written.path("html_url").asText());
  }

  /** Whether the existing run already shows exactly this state (same output, same count). */
  private static boolean shows(JsonNode existing, CheckRun run) {
    JsonNode output = existing.path("output");
    return existing.path("status").asText().equals(run.status().apiName())
        && existing
            .path("conclusion")
            .asText("")
            .equals(run.conclusion().map(CheckRun.Conclusion::apiName).orElse(""))
        && existing
            .path("details_url")
            .asText("")
            .equals(run.detailsUrl().orElse(existing.path("details_url").asText("")))
        && output.path("title").asText("").equals(run.output().title())
        && output.path("summary").asText("").equals(truncate(run.output().summary()))
        && output
            .path("text")
            .asText("")
            .equals(run.output().text().map(GitHubClient::truncate).orElse(""))
        && output.path("annotations_count").asInt(-1) == run.output().annotations().size();
  }

  private Optional<JsonNode> findCheckRun(
      RepositoryRef repository, CheckRun run, Supplier<String> auth) {
    JsonNode runs =
        http.json(
            http.expectOk(
                Request.get(
                    repo(repository)
                        + "/commits/"
                        + encode(run.headSha())
                        + "/check-runs?check_name="
                        + encode(run.name())
                        + "&filter=latest&per_page="
                        + PAGE
                        + appFilter(),
                    auth),
                "looking up check run " + run.name() + " on " + run.headSha()));
    for (JsonNode existing : runs.path("check_runs")) {
      if (existing.path("name").asText().equals(run.name())) {
        return Optional.of(existing);
      }
    }
    return Optional.empty();
  }

  /** Only the App's own runs: another App may publish a check of the same name. */
  private String appFilter() {
    return credentials instanceof GitHubCredentials.App
            && ((GitHubCredentials.App) credentials).appId().chars().allMatch(Character::isDigit)
        ? "&app_id=" + ((GitHubCredentials.App) credentials).appId()
        : "";
  }

  private static Map<String, Object> output(
      CheckRun.Output output, boolean withText, List<CheckRun.Annotation> annotations) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("title", output.title());
    body.put("summary", truncate(output.summary()));
    if (withText) {
      output.text().ifPresent(t -> body.put("text", truncate(t)));
    }
    if (!annotations.isEmpty()) {
      body.put(
          "annotations",
          annotations.stream().map(GitHubClient::annotation).collect(Collectors.toList()));
    }
    return body;
  }

  private static Map<String, Object> annotation(CheckRun.Annotation a) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("path", a.path());
    body.put("start_line", a.startLine());
    body.put("end_line", a.endLine());
    body.put("annotation_level", a.level().apiName());
    body.put("message", a.message());
    a.title().ifPresent(t -> body.put("title", t));
    return body;
  }

  private static String truncate(String text) {
    String note = "\n\n… (truncated: GitHub shows at most 65,535 characters here)";
    return text.length() <= MAX_OUTPUT_CHARS
        ? text
        : text.substring(0, MAX_OUTPUT_CHARS - note.length()) + note;
  }

  // ---- permissions ----

  @Override
  public Permission permissionOf(RepositoryRef repository, String login) {
    Response response =
        http.send(
            Request.get(
                repo(repository) + "/collaborators/" + encode(login) + "/permission",
                auth(repository)));
    if (response.status() == 404) {
      return Permission.NONE;
    }
    if (!response.ok()) {
      throw http.rejected(response, "reading " + login + "'s permission on " + repository);
    }
    JsonNode body = http.json(response);
    // role_name tells maintain and triage apart; custom roles fall back to their base permission.
    return Permission.fromName(body.path("role_name").asText(""))
        .or(() -> Permission.fromName(body.path("permission").asText("")))
        .orElse(Permission.NONE);
  }

  @Override
  public boolean isTeamMember(RepositoryRef repository, String team, String login) {
    int slash = team.indexOf('/');
    if (slash <= 0 || slash == team.length() - 1) {
      throw new IllegalArgumentException("teams are written org/team-slug, got " + team);
    }
    Response response =
        http.send(
            Request.get(
                "/orgs/"
                    + encode(team.substring(0, slash))
                    + "/teams/"
                    + encode(team.substring(slash + 1))
                    + "/memberships/"
                    + encode(login),
                auth(repository)));
    if (response.status() == 404) {
      return false;
    }
    if (!response.ok()) {
      throw http.rejected(response, "reading " + login + "'s membership of " + team);
    }
    // A pending invitation is no membership yet.
    return http.json(response).path("state").asText().equals("active");
  }

  // ---- deployments ----

  @Override
  public List<Deployment> recent(RepositoryRef repository, String environment, int limit) {
    Supplier<String> auth = auth(repository);
    JsonNode list =
        http.json(
            http.expectOk(
                Request.get(
                    repo(repository)
                        + "/deployments?environment="
                        + encode(environment)
                        + "&per_page="
                        + Math.max(1, Math.min(limit, PAGE)),
                    auth),
                "listing deployments to " + environment));
    List<Deployment> deployments = new ArrayList<>();
    for (JsonNode deployment : list) {
      long id = deployment.path("id").asLong();
      // Statuses come newest first: the first is the latest.
      JsonNode statuses =
          http.json(
              http.expectOk(
                  Request.get(
                      repo(repository) + "/deployments/" + id + "/statuses?per_page=1", auth),
                  "reading the status of deployment " + id));
      Optional<Deployment.State> state =
          statuses.size() == 0
              ? Optional.empty()
              : Optional.of(Deployment.State.fromApi(statuses.get(0).path("state").asText()));
      deployments.add(
          new Deployment(
              id,
              text(deployment, "sha"),
              text(deployment, "environment"),
              Instant.parse(text(deployment, "created_at")),
              state));
    }
    return deployments;
  }

  @Override
  public CommitRelation compare(RepositoryRef repository, String base, String head) {
    JsonNode comparison =
        http.json(
            http.expectOk(
                Request.get(
                    repo(repository)
                        + "/compare/"
                        + encode(base)
                        + "..."
                        + encode(head)
                        + "?per_page=1",
                    auth(repository)),
                "comparing " + base + " with " + head));
    return CommitRelation.valueOf(text(comparison, "status").toUpperCase(Locale.ROOT));
  }

  // ---- helpers ----

  private Supplier<String> auth(RepositoryRef repository) {
    if (credentials instanceof GitHubCredentials.Token) {
      return this::tokenAuthorization;
    }
    if (repository.installationId().isEmpty()) {
      throw new IllegalArgumentException(
          "acting as a GitHub App on "
              + repository
              + " needs the installation id of the webhook payload or rollout input");
    }
    long installation = repository.installationId().getAsLong();
    return () -> "Bearer " + tokens.orElseThrow().token(installation);
  }

  private String tokenAuthorization() {
    return "Bearer " + ((GitHubCredentials.Token) credentials).token();
  }

  private static String repo(RepositoryRef repository) {
    return "/repos/" + encode(repository.owner()) + "/" + encode(repository.name());
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isTextual()) {
      throw new RequestRejectedException(
          GitHubHttp.SERVICE,
          200,
          "GitHub's answer has no '" + field + "': " + abbreviate(node),
          null);
    }
    return value.asText();
  }

  private static String abbreviate(JsonNode node) {
    String text = node.toString();
    return text.length() > 200 ? text.substring(0, 200) + "…" : text;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String encodePath(String path) {
    return Arrays.stream(path.split("/"))
        .map(GitHubClient::encode)
        .collect(Collectors.joining("/"));
  }
}
