package dev.migrationbot.rollout.port.memory;

import dev.migrationbot.rollout.config.RepositoryConfig;
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
import dev.migrationbot.rollout.port.RepositoryConfigs;
import dev.migrationbot.rollout.port.RepositoryFiles;
import dev.migrationbot.rollout.port.RepositoryRef;
import dev.migrationbot.rollout.port.RequestRejectedException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * GitHub as the bot's ports see it, kept in memory for tests of the use-cases: set the scene with
 * the {@code given...} methods, run the use-case, then read what it left behind. It behaves like
 * the real adapter where use-cases depend on it: the bot's comment is found by marker and author,
 * one check run per name and head SHA, reactions are a set.
 */
public final class InMemoryGitHub
    implements PullRequests,
        RepositoryFiles,
        RepositoryConfigs,
        Comments,
        CheckRuns,
        Permissions,
        Deployments {

  /** A comment of the conversation. */
  public record StoredComment(long id, String author, String body) {}

  /** The bot's check run with every annotation published to it so far. */
  public record StoredCheckRun(long id, CheckRun run, List<CheckRun.Annotation> annotations) {}

  private final String botLogin;
  private final Map<String, List<ChangedFile>> changedFiles = new HashMap<>();
  private final Map<String, PullRequest> pullRequests = new HashMap<>();
  private final Map<String, String> files = new HashMap<>();
  private final Map<String, RepositoryConfig> configs = new HashMap<>();
  private final Map<String, List<StoredComment>> comments = new HashMap<>();
  private final Map<String, StoredCheckRun> checkRuns = new HashMap<>();
  private final Map<String, Set<Reaction>> reactions = new HashMap<>();
  private final Map<String, Permission> permissions = new HashMap<>();
  private final Map<String, Set<String>> teams = new HashMap<>();
  private final Map<String, List<Deployment>> deployments = new HashMap<>();
  private final Map<String, CommitRelation> relations = new HashMap<>();
  private long nextId = 1;
  private int writes;

  /**
   * @param botLogin the bot's own login, e.g. {@code migration-bot[bot]}
   */
  public InMemoryGitHub(String botLogin) {
    this.botLogin = botLogin;
  }

  public synchronized InMemoryGitHub givenChangedFiles(
      RepositoryRef repo, int number, List<ChangedFile> list) {
    changedFiles.put(key(repo, number), List.copyOf(list));
    return this;
  }

  public synchronized InMemoryGitHub givenPullRequest(RepositoryRef repo, PullRequest pullRequest) {
    pullRequests.put(key(repo, pullRequest.number()), pullRequest);
    return this;
  }

  public synchronized InMemoryGitHub givenFile(
      RepositoryRef repo, String ref, String path, String text) {
    files.put(key(repo, ref, path), text);
    return this;
  }

  public synchronized InMemoryGitHub givenConfig(
      RepositoryRef repo, String ref, RepositoryConfig config) {
    configs.put(key(repo, ref), config);
    return this;
  }

  /** A comment by someone (or the bot, when {@code author} is its login). */
  public synchronized long givenComment(
      RepositoryRef repo, int number, String author, String body) {
    long id = nextId++;
    comments
        .computeIfAbsent(key(repo, number), k -> new ArrayList<>())
        .add(new StoredComment(id, author, body));
    return id;
  }

  public synchronized InMemoryGitHub givenPermission(
      RepositoryRef repo, String login, Permission permission) {
    permissions.put(key(repo, login.toLowerCase(Locale.ROOT)), permission);
    return this;
  }

  public synchronized InMemoryGitHub givenTeamMember(String team, String login) {
    teams
        .computeIfAbsent(team.toLowerCase(Locale.ROOT), t -> new HashSet<>())
        .add(login.toLowerCase(Locale.ROOT));
    return this;
  }

  public synchronized InMemoryGitHub givenDeployment(RepositoryRef repo, Deployment deployment) {
    deployments
        .computeIfAbsent(key(repo, deployment.environment()), k -> new ArrayList<>())
        .add(deployment);
    return this;
  }

  public synchronized InMemoryGitHub givenRelation(
      RepositoryRef repo, String base, String head, CommitRelation relation) {
    relations.put(key(repo, base, head), relation);
    return this;
  }

  /** Every comment of the conversation, oldest first. */
  public synchronized List<StoredComment> comments(RepositoryRef repo, int number) {
    return List.copyOf(comments.getOrDefault(key(repo, number), List.of()));
  }

  public synchronized Optional<StoredCheckRun> checkRun(
      RepositoryRef repo, String headSha, String name) {
    return Optional.ofNullable(checkRuns.get(key(repo, headSha, name)));
  }

  public synchronized Set<Reaction> reactions(RepositoryRef repo, long commentId) {
    return Set.copyOf(reactions.getOrDefault(key(repo, commentId), Set.of()));
  }

  /** Comment and check-run writes so far: a redelivered event should add none. */
  public synchronized int writes() {
    return writes;
  }

  @Override
  public synchronized List<ChangedFile> changedFiles(RepositoryRef repository, int number) {
    List<ChangedFile> list = changedFiles.get(key(repository, number));
    if (list == null) {
      throw new RequestRejectedException(
          "GitHub", 404, "no pull request #" + number + " in " + repository, null);
    }
    return list;
  }

  @Override
  public synchronized PullRequest get(RepositoryRef repository, int number) {
    PullRequest pullRequest = pullRequests.get(key(repository, number));
    if (pullRequest == null) {
      throw new RequestRejectedException(
          "GitHub", 404, "no pull request #" + number + " in " + repository, null);
    }
    return pullRequest;
  }

  @Override
  public synchronized FileContent read(RepositoryRef repository, String path, String ref) {
    String text = files.get(key(repository, ref, path));
    return text == null
        ? new FileContent.Absent(path, ref)
        : new FileContent.Present(path, ref, text);
  }

  @Override
  public synchronized RepositoryConfig load(RepositoryRef repository, String ref) {
    return configs.getOrDefault(key(repository, ref), RepositoryConfig.DEFAULT);
  }

  @Override
  public synchronized Optional<BotComment> find(
      RepositoryRef repository, int number, String marker) {
    return comments.getOrDefault(key(repository, number), List.of()).stream()
        .filter(c -> c.author().equalsIgnoreCase(botLogin) && c.body().contains(marker))
        .map(c -> new BotComment(c.id(), c.body()))
        .findFirst();
  }

  @Override
  public synchronized CommentWrite upsert(
      RepositoryRef repository, int number, String marker, String body) {
    if (!body.contains(marker)) {
      throw new IllegalArgumentException("the body must contain the marker " + marker);
    }
    List<StoredComment> list =
        comments.computeIfAbsent(key(repository, number), k -> new ArrayList<>());
    Optional<BotComment> existing = find(repository, number, marker);
    if (existing.isEmpty()) {
      long id = nextId++;
      list.add(new StoredComment(id, botLogin, body));
      writes++;
      return new CommentWrite(id, CommentWrite.Outcome.CREATED);
    }
    long id = existing.get().id();
    if (existing.get().body().equals(body)) {
      return new CommentWrite(id, CommentWrite.Outcome.UNCHANGED);
    }
    list.replaceAll(c -> c.id() == id ? new StoredComment(id, c.author(), body) : c);
    writes++;
    return new CommentWrite(id, CommentWrite.Outcome.UPDATED);
  }

  @Override
  public synchronized void react(RepositoryRef repository, long commentId, Reaction reaction) {
    reactions.computeIfAbsent(key(repository, commentId), k -> new LinkedHashSet<>()).add(reaction);
  }

  @Override
  public synchronized CheckRunRef publish(RepositoryRef repository, CheckRun run) {
    String key = key(repository, run.headSha(), run.name());
    StoredCheckRun existing = checkRuns.get(key);
    long id = existing == null ? nextId++ : existing.id();
    List<CheckRun.Annotation> annotations =
        new ArrayList<>(existing == null ? List.of() : existing.annotations());
    annotations.addAll(run.output().annotations());
    checkRuns.put(key, new StoredCheckRun(id, run, annotations));
    writes++;
    return new CheckRunRef(id, "https://github.com/" + repository.fullName() + "/runs/" + id);
  }

  @Override
  public synchronized Permission permissionOf(RepositoryRef repository, String login) {
    return permissions.getOrDefault(
        key(repository, login.toLowerCase(Locale.ROOT)), Permission.NONE);
  }

  @Override
  public synchronized boolean isTeamMember(RepositoryRef repository, String team, String login) {
    return teams
        .getOrDefault(team.toLowerCase(Locale.ROOT), Set.of())
        .contains(login.toLowerCase(Locale.ROOT));
  }

  @Override
  public synchronized List<Deployment> recent(
      RepositoryRef repository, String environment, int limit) {
    return deployments.getOrDefault(key(repository, environment), List.of()).stream()
        .sorted(Comparator.comparing(Deployment::createdAt).reversed())
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized CommitRelation compare(RepositoryRef repository, String base, String head) {
    if (base.equals(head)) {
      return CommitRelation.IDENTICAL;
    }
    CommitRelation relation = relations.get(key(repository, base, head));
    if (relation == null) {
      throw new RequestRejectedException(
          "GitHub", 404, "no comparison " + base + "..." + head + " in " + repository, null);
    }
    return relation;
  }

  private static String key(RepositoryRef repo, Object... parts) {
    StringBuilder key = new StringBuilder(repo.fullName().toLowerCase(Locale.ROOT));
    for (Object part : parts) {
      key.append('\u0000').append(part);
    }
    return key.toString();
  }
}
