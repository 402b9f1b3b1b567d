package dev.migrationbot.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.migrationbot.github.GitHubStub.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.migrationbot.rollout.port.BotComment;
import dev.migrationbot.rollout.port.ChangedFile;
import dev.migrationbot.rollout.port.ChangedFile.Status;
import dev.migrationbot.rollout.port.CheckRun;
import dev.migrationbot.rollout.port.CheckRun.Annotation;
import dev.migrationbot.rollout.port.CheckRun.Conclusion;
import dev.migrationbot.rollout.port.CheckRun.Output;
import dev.migrationbot.rollout.port.CheckRunRef;
import dev.migrationbot.rollout.port.CommentWrite;
import dev.migrationbot.rollout.port.CommitRelation;
import dev.migrationbot.rollout.port.Deployment;
import dev.migrationbot.rollout.port.FileContent;
import dev.migrationbot.rollout.port.Permission;
import dev.migrationbot.rollout.port.PullRequest;
import dev.migrationbot.rollout.port.Reaction;
import dev.migrationbot.rollout.port.RepositoryRef;
import dev.migrationbot.rollout.port.RequestRejectedException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GitHubClientTest {

  @RegisterExtension
  static final WireMockExtension github =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final RepositoryRef REPO = RepositoryRef.of("acme", "shop");
  static final RepositoryRef INSTALLED = REPO.withInstallation(61543902);
  static final String MARKER = "<!-- migration-bot:report -->";
  static final String HEAD = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FakeTime time = new FakeTime(Instant.parse("2026-11-25T10:00:00Z"));
  private final GitHubClient client = GitHubClient.withToken(http(), "ghp_test");
  private final GitHubClient app =
      GitHubClient.asApp(http(), new GitHubCredentials.App("1060420", AppKeys.KEY), time);

  GitHubHttp http() {
    return new GitHubHttp(
        URI.create(github.baseUrl()),
        HttpClient.newHttpClient(),
        Duration.ofSeconds(5),
        Duration.ofSeconds(8),
        time,
        time);
  }

  @Test
  void listsChangedFilesAcrossPages() {
    String page2 = github.baseUrl() + "/repositories/1296269/pulls/7/files?per_page=100&page=2";
    github.stubFor(
        get(urlEqualTo("/repos/acme/shop/pulls/7/files?per_page=100"))
            .willReturn(
                json(200, "pull-files-page-1.json")
                    .withHeader(
                        "Link", "<" + page2 + ">; rel=\"next\", <" + page2 + ">; rel=\"last\"")));
    github.stubFor(
        get(urlEqualTo("/repositories/1296269/pulls/7/files?per_page=100&page=2"))
            .willReturn(
                json(200, "pull-files-page-2.json")
                    .withHeader(
                        "Link",
                        "<"
                            + github.baseUrl()
                            + "/repositories/1296269/pulls/7/files?per_page=100&page=1>;"
                            + " rel=\"prev\", <"
                            + github.baseUrl()
                            + "/repositories/1296269/pulls/7/files?per_page=100&page=1>;"
                            + " rel=\"first\"")));

    List<ChangedFile> files = client.changedFiles(REPO, 7);

    assertThat(files)
        .containsExactly(
            new ChangedFile("db/migrations/V7__add_status.sql", Status.ADDED, Optional.empty()),
            new ChangedFile("src/main/java/Account.java", Status.MODIFIED, Optional.empty()),
            new ChangedFile(
                "db/migrations/V6__rename.sql",
                Status.RENAMED,
                Optional.of("db/migrations/V6__old.sql")),
            new ChangedFile("db/migrations/V5__drop.sql", Status.REMOVED, Optional.empty()));
    assertThat(github.getAllServeEvents()).hasSize(2);
    github.verify(
        2,
        getRequestedFor(urlMatching("/(repos/acme/shop|repositories/1296269)/pulls/7/files.*"))
            .withHeader("Authorization", equalTo("Bearer ghp_test"))
            .withHeader("Accept", equalTo("application/vnd.github+json"))
            .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28"))
            .withHeader("User-Agent", equalTo("migration-bot")));
  }

  @Test
  void readsAFileAtACommitAsRawText() {
    github.stubFor(
        get(urlEqualTo("/repos/acme/shop/contents/db/migrations/V7__add%20status.sql?ref=" + HEAD))
            .willReturn(
                GitHubStub.headers(aResponse().withStatus(200), "4986")
                    .withHeader("Content-Type", "application/vnd.github.raw; charset=utf-8")
                    .withBody("ALTER TABLE accounts ADD COLUMN status text;\n")));

    assertThat(client.read(REPO, "db/migrations/V7__add status.sql", HEAD))
        .isEqualTo(
            new FileContent.Present(
                "db/migrations/V7__add status.sql",
                HEAD,
                "ALTER TABLE accounts ADD COLUMN status text;\n"));
    github.verify(
        getRequestedFor(
                urlPathEqualTo("/repos/acme/shop/contents/db/migrations/V7__add%20status.sql"))
            .withHeader("Accept", equalTo("application/vnd.github.raw+json")));
  }

  @Test
  void aMissingFileIsAbsent() {
    github.stubFor(
        get(urlPathEqualTo("/repos/acme/shop/contents/db/migrations/V5__drop.sql"))
            .willReturn(json(404, "not-found.json")));

    assertThat(client.read(REPO, "db/migrations/V5__drop.sql", HEAD))
        .isEqualTo(new FileContent.Absent("db/migrations/V5__drop.sql", HEAD));
  }

  @Test
  void aDirectoryIsNoFile() {
    github.stubFor(
        get(urlPathEqualTo("/repos/acme/shop/contents/db/migrations"))
            .willReturn(json(200, "contents-directory.json")));

    assertThat(client.read(REPO, "db/migrations", "main")).isInstanceOf(FileContent.Absent.class);
  }

  @Test
  void upsertCreatesTheCommentWithOneListAndOnePost() {
    stubApp();
    github.stubFor(
        get(urlEqualTo("/repos/acme/shop/issues/7/comments?per_page=100"))
            .willReturn(json(200, "issue-comments-without-bot.json")));
    github.stubFor(
        post(urlEqualTo("/repos/acme/shop/issues/7/comments"))
            .willReturn(json(201, "issue-comment-created.json")));
    String body = MARKER + "\n## Migration analysis\nnew body";

    CommentWrite write = app.upsert(INSTALLED, 7, MARKER, body);

    assertThat(write).isEqualTo(new CommentWrite(1402004L, CommentWrite.Outcome.CREATED));
    github.verify(
        1,
        postRequestedFor(urlEqualTo("/repos/acme/shop/issues/7/comments"))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(equalToJson("{\"body\": " + JSON.valueToTree(body) + "}")));
    assertThat(requestsExceptIdentity()).hasSize(2);
  }

  @Test
  void upsertUpdatesOnlyTheBotsOwnComment() {
    stubApp();
    github.stubFor(
        get(urlEqualTo("/repos/acme/shop/issues/7/comments?per_page=100"))
            .willReturn(json(200, "issue-comments-with-bot.json")));
    github.stubFor(
        patch(urlEqualTo("/repos/acme/shop/issues/comments/1402003"))
            .willReturn(json(200, "issue-comment-updated.json")));
    String body = MARKER + "\n## Migration analysis\nnew body";

    CommentWrite write = app.upsert(INSTALLED, 7, MARKER, body);

    // mallory's comment 1402002 quotes the marker but is not the bot's.
    assertThat(write).isEqualTo(new CommentWrite(1402003L, CommentWrite.Outcome.UPDATED));
    github.verify(
        1,
        patchRequestedFor(urlEqualTo("/repos/acme/shop/issues/comments/1402003"))
            .withRequestBody(equalToJson("{\"body\": " + JSON.valueToTree(body) + "}")));
    assertThat(requestsExceptIdentity()).hasSize(2);
  }

  @Test
  void upsertOfAnUnchangedBodyWritesNothing() {
    stubApp();
    github.stubFor(
        get(urlEqualTo("/repos/acme/shop/issues/7/comments?per_page=100"))
            .willReturn(json(200, "issue-comments-with-bot.json")));

    CommentWrite write =
        app.upsert(INSTALLED, 7, MARKER, MARKER + "\n## Migration analysis\nold body");

    assertThat(write.outcome()).isEqualTo(CommentWrite.Outcome.UNCHANGED);
    assertThat(requestsExceptIdentity()).hasSize(1);
  }

  @Test
  void findsTheBotsCommentAndAsksForTheIdentityOnce() {
    stubApp();
    github.stubFor(
        get(urlEqualTo("/repos/acme/shop/issues/7/comments?per_page=100"))
            .willReturn(json(200, "issue-comments-with-bot.json")));

    assertThat(app.find(INSTALLED, 7, MARKER))
        .contains(new BotComment(1402003L, MARKER + "\n## Migration analysis\nold body"));
    assertThat(app.find(INSTALLED, 7, "<!-- migration-bot:other -->")).isEmpty();
    // The bot's identity reads /app once; issuing the token through github-api reads it again.
    github.verify(2, getRequestedFor(urlEqualTo("/app")));
    github.verify(1, getRequestedFor(urlEqualTo("/app/installations/61543902")));
    github.verify(1, postRequestedFor(urlEqualTo("/app/installations/61543902/access_tokens")));
  }

  @Test
  void aTokenActsAsItsUser() {
    github.stubFor(get(urlEqualTo("/user")).willReturn(json(200, "user.json")));

    assertThat(client.botLogin()).isEqualTo("octocat");
    assertThat(client.botLogin()).isEqualTo("octocat");
    github.verify(
        1,
        getRequestedFor(urlEqualTo("/user"))
            .withHeader("Authorization", equalTo("Bearer ghp_test")));
  }

  @Test
  void anAppActsAsItsBotThroughTheInstallationToken() {
    stubApp();
    stubPermission("bob", 200, "permission-maintain.json");

    assertThat(app.botLogin()).isEqualTo("migration-bot[bot]");
    app.permissionOf(INSTALLED, "bob");
    app.permissionOf(INSTALLED, "bob");

    github.verify(
        2,
        getRequestedFor(urlEqualTo("/app"))
            .withHeader("Authorization", matching("Bearer [\\w-]+\\.[\\w-]+\\.[\\w-]+")));
    github.verify(
        1,
        postRequestedFor(urlEqualTo("/app/installations/61543902/access_tokens"))
            .withRequestBody(equalToJson("{}")));
    github.verify(
        2,
        getRequestedFor(urlEqualTo("/repos/acme/shop/collaborators/bob/permission"))
            .withHeader(
                "Authorization", equalTo("Bearer ghs_16C7e42F292c6912E7710c838347Ae178B4a")));
  }

  @Test
  void installationTokensAreRenewedShortlyBeforeTheyExpire() {
    stubApp();
    stubPermission("bob", 200, "permission-maintain.json");

    app.permissionOf(INSTALLED, "bob");
    // The token expires at 11:00; at 10:54 it is still used, at 10:56 it is renewed.
    time.advance(Duration.ofMinutes(54));
    app.permissionOf(INSTALLED, "bob");
    github.verify(1, postRequestedFor(urlEqualTo("/app/installations/61543902/access_tokens")));
    time.advance(Duration.ofMinutes(2));
    app.permissionOf(INSTALLED, "bob");
    github.verify(2, postRequestedFor(urlEqualTo("/app/installations/61543902/access_tokens")));
  }

  @Test
  void credentialsNeverShowTheirSecrets() {
    assertThat(new GitHubCredentials.Token("ghp_secret")).hasToString("Token[***]");
    assertThat(new GitHubCredentials.App("1060420", AppKeys.KEY))
        .hasToString("App[1060420, key ***]");
  }

  @Test
  void anAppNeedsTheInstallationOfTheDelivery() {
    assertThatThrownBy(() -> app.permissionOf(REPO, "bob"))
        .hasMessageContaining("needs the installation id of the webhook payload");
  }

  @Test
  void readsAPullRequestsHeadAuthorAndState() {
    github.stubFor(
        get(urlEqualTo("/repos/acme/shop/pulls/2")).willReturn(json(200, "pull-merged.json")));

    PullRequest pr = client.get(REPO, 2);

    assertThat(pr.author()).isEqualTo("Codertocat");
    assertThat(pr.headSha()).isEqualTo("ec26c3e57ca3a959ca5aad62de7213c562f8c821");
    assertThat(pr.headRepository()).contains("Codertocat/Hello-World");
    assertThat(pr.baseRef()).isEqualTo("master");
    assertThat(pr.open()).isFalse();
    assertThat(pr.merged()).isTrue();
    assertThat(pr.mergeCommitSha()).contains("c4295bd74fb0f4fda03689c3df3f2803b658fd85");
    assertThat(pr.fromFork(REPO)).isTrue();
    github.verify(1, getRequestedFor(urlEqualTo("/repos/acme/shop/pulls/2")));
  }

  @Test
  void reactsToAComment() {
    github.stubFor(
        post(urlEqualTo("/repos/acme/shop/issues/comments/1402001/reactions"))
            .willReturn(json(201, "reaction-created.json")));

    client.react(REPO, 1402001L, Reaction.PLUS_ONE);

    github.verify(
        postRequestedFor(urlEqualTo("/repos/acme/shop/issues/comments/1402001/reactions"))
            .withRequestBody(equalToJson("{\"content\": \"+1\"}")));
  }

  @Test
  void createsACheckRunAndSendsAnnotationsFiftyAtATime() throws Exception {
    github.stubFor(
        get(urlPathEqualTo("/repos/acme/shop/commits/" + HEAD + "/check-runs"))
            .willReturn(json(200, "check-runs-none.json")));
    github.stubFor(
        post(urlEqualTo("/repos/acme/shop/check-runs"))
            .willReturn(json(201, "check-run-written.json")));
    github.stubFor(
        patch(urlEqualTo("/repos/acme/shop/check-runs/4211023331"))
            .willReturn(json(200, "check-run-written.json")));
    List<Annotation> annotations =
        IntStream.rangeClosed(1, 120)
            .mapToObj(
                line ->
                    new Annotation(
                        "db/migrations/V7__add_status.sql",
                        line,
                        line,
                        Annotation.Level.WARNING,
                        "finding " + line,
                        Optional.of("adding-volatile-default")))
            .toList();
    CheckRun run =
        CheckRun.completed(
                "migration-bot",
                HEAD,
                Conclusion.ACTION_REQUIRED,
                new Output("2 approvals needed", "1 error", Optional.of("Details"), annotations))
            .withDetailsUrl("https://github.com/acme/shop/pull/7#issuecomment-1402003");

    CheckRunRef ref = client.publish(REPO, run);

    assertThat(ref)
        .isEqualTo(new CheckRunRef(4211023331L, "https://github.com/acme/shop/runs/4211023331"));
    github.verify(
        getRequestedFor(
            urlEqualTo(
                "/repos/acme/shop/commits/"
                    + HEAD
                    + "/check-runs?check_name=migration-bot&filter=latest&per_page=100")));
    List<LoggedRequest> creates =
        github.findAll(postRequestedFor(urlEqualTo("/repos/acme/shop/check-runs")));
    assertThat(creates).hasSize(1);
    JsonNode create = JSON.readTree(creates.get(0).getBodyAsString());
    assertThat(create.path("name").asText()).isEqualTo("migration-bot");
    assertThat(create.path("head_sha").asText()).isEqualTo(HEAD);
    assertThat(create.path("status").asText()).isEqualTo("completed");
    assertThat(create.path("conclusion").asText()).isEqualTo("action_required");
    assertThat(create.path("details_url").asText())
        .isEqualTo("https://github.com/acme/shop/pull/7#issuecomment-1402003");
    assertThat(create.path("output").path("text").asText()).isEqualTo("Details");
    assertThat(create.path("output").path("annotations")).hasSize(50);
    assertThat(create.path("output").path("annotations").get(0))
        .isEqualTo(
            JSON.readTree(
                "{\"path\":\"db/migrations/V7__add_status.sql\",\"start_line\":1,\"end_line\":1,"
                    + "\"annotation_level\":\"warning\",\"message\":\"finding 1\","
                    + "\"title\":\"adding-volatile-default\"}"));
    List<LoggedRequest> appends =
        github.findAll(patchRequestedFor(urlEqualTo("/repos/acme/shop/check-runs/4211023331")));
    assertThat(appends).hasSize(2);
    JsonNode second = JSON.readTree(appends.get(0).getBodyAsString()).path("output");
    JsonNode third = JSON.readTree(appends.get(1).getBodyAsString()).path("output");
    assertThat(second.path("title").asText()).isEqualTo("2 approvals needed");
    assertThat(second.path("summary").asText()).isEqualTo("1 error");
    assertThat(second.path("annotations")).hasSize(50);
    assertThat(second.path("annotations").get(0).path("start_line").asInt()).isEqualTo(51);
    assertThat(third.path("annotations")).hasSize(20);
    assertThat(third.path("annotations").get(19).path("start_line").asInt()).isEqualTo(120);
    assertThat(github.getAllServeEvents()).hasSize(4);
  }

  @Test
  void updatesTheExistingCheckRunOfThatNameAndSha() throws Exception {
    github.stubFor(
        get(urlPathEqualTo("/repos/acme/shop/commits/" + HEAD + "/check-runs"))
            .willReturn(json(200, "check-runs-existing.json")));
    github.stubFor(
        patch(urlEqualTo("/repos/acme/shop/check-runs/4211023331"))
            .willReturn(json(200, "check-run-written.json")));

    client.publish(
        REPO,
        CheckRun.completed(
            "migration-bot",
            HEAD,
            Conclusion.SUCCESS,
            Output.of("No risky statements", "2 files")));

    List<LoggedRequest> updates =
        github.findAll(patchRequestedFor(urlEqualTo("/repos/acme/shop/check-runs/4211023331")));
    assertThat(updates).hasSize(1);
    assertThat(JSON.readTree(updates.get(0).getBodyAsString()))
        .isEqualTo(
            JSON.readTree(
                "{\"name\":\"migration-bot\",\"status\":\"completed\",\"conclusion\":\"success\","
                    + "\"output\":{\"title\":\"No risky statements\",\"summary\":\"2 files\"}}"));
    assertThat(github.getAllServeEvents()).hasSize(2);
  }

  @Test
  void aCheckRunThatAlreadyShowsTheStateIsLeftAlone() {
    github.stubFor(
        get(urlPathEqualTo("/repos/acme/shop/commits/" + HEAD + "/check-runs"))
            .willReturn(json(200, "check-runs-same.json")));
    Annotation note =
        new Annotation("db/V1.sql", 1, 1, Annotation.Level.WARNING, "x", Optional.empty());

    CheckRunRef ref =
        client.publish(
            REPO,
            CheckRun.completed(
                    "migration-bot",
                    HEAD,
                    Conclusion.ACTION_REQUIRED,
                    new Output(
                        "2 migrations need approval",
                        "1 warning",
                        Optional.of("Details"),
                        List.of(note, note)))
                .withDetailsUrl("https://github.com/acme/shop/pull/7#issuecomment-1402003"));

    assertThat(ref.id()).isEqualTo(4211023331L);
    assertThat(github.getAllServeEvents()).hasSize(1);
  }

  @Test
  void readsRolesWithRoleNameFirst() {
    stubPermission("bob", 200, "permission-maintain.json");
    stubPermission("carol", 200, "permission-read.json");
    stubPermission("erin", 200, "permission-custom-role.json");
    stubPermission("ghost", 404, "not-found.json");

    assertThat(client.permissionOf(REPO, "bob")).isEqualTo(Permission.MAINTAIN);
    assertThat(client.permissionOf(REPO, "carol")).isEqualTo(Permission.READ);
    assertThat(client.permissionOf(REPO, "erin")).isEqualTo(Permission.WRITE);
    assertThat(client.permissionOf(REPO, "ghost")).isEqualTo(Permission.NONE);
  }

  @Test
  void onlyActiveTeamMembersCount() {
    github.stubFor(
        get(urlEqualTo("/orgs/acme/teams/dba/memberships/erin"))
            .willReturn(json(200, "team-membership-active.json")));
    github.stubFor(
        get(urlEqualTo("/orgs/acme/teams/dba/memberships/frank"))
            .willReturn(json(200, "team-membership-pending.json")));
    github.stubFor(
        get(urlEqualTo("/orgs/acme/teams/dba/memberships/bob"))
            .willReturn(json(404, "not-found.json")));

    assertThat(client.isTeamMember(REPO, "acme/dba", "erin")).isTrue();
    assertThat(client.isTeamMember(REPO, "acme/dba", "frank")).isFalse();
    assertThat(client.isTeamMember(REPO, "acme/dba", "bob")).isFalse();
  }

  @Test
  void listsDeploymentsWithTheirLatestStatus() {
    github.stubFor(
        get(urlEqualTo("/repos/acme/shop/deployments?environment=production&per_page=10"))
            .willReturn(json(200, "deployments.json")));
    github.stubFor(
        get(urlEqualTo("/repos/acme/shop/deployments/1822703112/statuses?per_page=1"))
            .willReturn(json(200, "deployment-statuses-in-progress.json")));
    github.stubFor(
        get(urlEqualTo("/repos/acme/shop/deployments/1822640009/statuses?per_page=1"))
            .willReturn(json(200, "deployment-statuses-success.json")));

    assertThat(client.recent(REPO, "production", 10))
        .containsExactly(
            new Deployment(
                1822703112L,
                "d7e2f0a1b2c3d4e5f60718293a4b5c6d7e8f9012",
                "production",
                Instant.parse("2026-11-25T10:05:00Z"),
                Optional.of(Deployment.State.IN_PROGRESS)),
            new Deployment(
                1822640009L,
                "c4295bd74fb0f4fda03689c3df3f2803b658fd85",
                "production",
                Instant.parse("2026-11-25T09:40:00Z"),
                Optional.of(Deployment.State.SUCCESS)));
  }

  @Test
  void comparesCommits() {
    github.stubFor(
        get(urlEqualTo(
                "/repos/acme/shop/compare/c4295bd74fb0f4fda03689c3df3f2803b658fd85"
                    + "...d7e2f0a1b2c3d4e5f60718293a4b5c6d7e8f9012?per_page=1"))
            .willReturn(json(200, "compare-ahead.json")));

    CommitRelation relation =
        client.compare(
            REPO,
            "c4295bd74fb0f4fda03689c3df3f2803b658fd85",
            "d7e2f0a1b2c3d4e5f60718293a4b5c6d7e8f9012");

    assertThat(relation).isEqualTo(CommitRelation.AHEAD);
    assertThat(relation.headContainsBase()).isTrue();
  }

  @Test
  void refusalsCarryGitHubsMessage() {
    github.stubFor(
        get(urlPathEqualTo("/repos/acme/shop/commits/" + HEAD + "/check-runs"))
            .willReturn(json(200, "check-runs-none.json")));
    github.stubFor(
        post(urlEqualTo("/repos/acme/shop/check-runs")).willReturn(json(403, "forbidden.json")));

    assertThatThrownBy(
            () ->
                client.publish(
                    REPO, CheckRun.inProgress("migration-bot", HEAD, Output.of("Analysing", "…"))))
        .isInstanceOfSatisfying(
            RequestRejectedException.class,
            e -> {
              assertThat(e.status()).isEqualTo(403);
              assertThat(e)
                  .hasMessage(
                      "GitHub: creating check run migration-bot on "
                          + HEAD
                          + " failed with 403: Resource not accessible by integration (see"
                          + " https://docs.github.com/rest/checks/runs#create-a-check-run); the"
                          + " App lacks a permission for this (see its settings)");
            });
    // A 403 without rate-limit headers is a missing permission: not retried.
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void worksBelowAnEnterpriseApiPath() {
    github.stubFor(
        get(urlEqualTo("/api/v3/repos/acme/shop/collaborators/bob/permission"))
            .willReturn(json(200, "permission-maintain.json")));
    GitHubClient enterprise =
        GitHubClient.withToken(
            new GitHubHttp(
                URI.create(github.baseUrl() + "/api/v3/"),
                HttpClient.newHttpClient(),
                Duration.ofSeconds(5),
                Duration.ofSeconds(8),
                time,
                time),
            "ghp_test");

    assertThat(enterprise.permissionOf(REPO, "bob")).isEqualTo(Permission.MAINTAIN);
  }

  private void stubPermission(String login, int status, String fixture) {
    github.stubFor(
        get(urlEqualTo("/repos/acme/shop/collaborators/" + login + "/permission"))
            .willReturn(json(status, fixture)));
  }

  private void stubApp() {
    github.stubFor(get(urlEqualTo("/app")).willReturn(json(200, "app.json")));
    github.stubFor(
        get(urlEqualTo("/app/installations/61543902")).willReturn(json(200, "installation.json")));
    github.stubFor(
        post(urlEqualTo("/app/installations/61543902/access_tokens"))
            .willReturn(json(201, "access-token.json")));
  }

  /** Requests other than the App's one-off identity and token requests. */
  private List<?> requestsExceptIdentity() {
    return github.getAllServeEvents().stream()
        .filter(e -> !e.getRequest().getUrl().startsWith("/app"))
        .toList();
  }
}
