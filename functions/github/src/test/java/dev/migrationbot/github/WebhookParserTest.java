package dev.migrationbot.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrationbot.github.InvalidWebhookException.Reason;
import dev.migrationbot.rollout.event.IgnoredEvent;
import dev.migrationbot.rollout.event.IssueCommentEvent;
import dev.migrationbot.rollout.event.PingEvent;
import dev.migrationbot.rollout.event.PullRequestEvent;
import dev.migrationbot.rollout.port.RepositoryRef;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class WebhookParserTest {

  private static final RepositoryRef HELLO_WORLD =
      new RepositoryRef("Codertocat", "Hello-World", OptionalLong.of(1));
  private static final String HEAD = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
  private static final String BASE = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e";

  private final WebhookParser parser = new WebhookParser();

  @Test
  void pullRequestOpened() {
    assertThat(parse("pullRequestOpened"))
        .isEqualTo(
            new PullRequestEvent(
                "f63f3198-e788-52d9-b961-217256e375a2",
                PullRequestEvent.Action.OPENED,
                HELLO_WORLD,
                2,
                "Codertocat",
                HEAD,
                Optional.of("Codertocat/Hello-World"),
                "master",
                BASE,
                false,
                Optional.empty()));
  }

  @Test
  void pullRequestSynchronize() {
    PullRequestEvent event = (PullRequestEvent) parse("pullRequestSynchronize");
    assertThat(event.action()).isEqualTo(PullRequestEvent.Action.SYNCHRONIZE);
    assertThat(event.installationId()).hasValue(1);
    assertThat(event.fromFork()).isFalse();
  }

  @Test
  void pullRequestClosedMerged() {
    PullRequestEvent event = (PullRequestEvent) parse("pullRequestClosedMerged");
    assertThat(event.action()).isEqualTo(PullRequestEvent.Action.CLOSED);
    assertThat(event.merged()).isTrue();
    assertThat(event.mergeCommitSha()).contains("c4295bd74fb0f4fda03689c3df3f2803b658fd85");
  }

  @Test
  void pullRequestClosedUnmerged() {
    // GitHub keeps the test-merge SHA on an unmerged pull request; it is no merge commit.
    PullRequestEvent event = (PullRequestEvent) parse("pullRequestClosedUnmerged");
    assertThat(event.merged()).isFalse();
    assertThat(event.mergeCommitSha()).isEmpty();
  }

  @Test
  void pullRequestFromFork() {
    PullRequestEvent event = (PullRequestEvent) parse("pullRequestFromFork");
    assertThat(event.headRepository()).contains("octo-fork/Hello-World");
    assertThat(event.fromFork()).isTrue();
  }

  @Test
  void pullRequestFromDeletedFork() {
    PullRequestEvent event = (PullRequestEvent) parse("pullRequestFromDeletedFork");
    assertThat(event.headRepository()).isEmpty();
    assertThat(event.fromFork()).isTrue();
  }

  @Test
  void pullRequestLabeled() {
    assertThat(parse("pullRequestLabeled"))
        .isEqualTo(
            new IgnoredEvent(
                WebhookFixtures.headers(getClass(), "pullRequestLabeled").get("X-GitHub-Delivery"),
                "pull_request",
                Optional.of("labeled"),
                "the bot does not act on pull_request labeled"));
  }

  @Test
  void issueCommentApproveOnPullRequest() {
    assertThat(parse("issueCommentApproveOnPullRequest"))
        .isEqualTo(
            new IssueCommentEvent(
                "5df5b8d9-213b-5aaa-94f1-327ef88a54ed",
                IssueCommentEvent.Action.CREATED,
                HELLO_WORLD,
                OptionalInt.of(1),
                492700400L,
                "/migration approve checked the lock plan with the DBA\r\n\r\n"
                    + "The table is small at this hour.",
                "Codertocat",
                IssueCommentEvent.SenderType.USER));
  }

  @Test
  void issueCommentOnIssue() {
    IssueCommentEvent event = (IssueCommentEvent) parse("issueCommentOnIssue");
    assertThat(event.pullRequest()).isEmpty();
  }

  @Test
  void issueCommentEdited() {
    IssueCommentEvent event = (IssueCommentEvent) parse("issueCommentEdited");
    assertThat(event.action()).isEqualTo(IssueCommentEvent.Action.EDITED);
    // A repository webhook (no App) sends no installation.
    assertThat(event.installationId()).isEmpty();
  }

  @Test
  void issueCommentByBot() {
    IssueCommentEvent event = (IssueCommentEvent) parse("issueCommentByBot");
    assertThat(event.sender()).isEqualTo("dependabot[bot]");
    assertThat(event.senderType()).isEqualTo(IssueCommentEvent.SenderType.BOT);
  }

  @Test
  void ping() {
    assertThat(parse("ping"))
        .isEqualTo(
            new PingEvent(
                "222fb540-1070-5a98-8892-fa7b6ac1b4ba",
                "Anything added dilutes everything else.",
                109948940L));
  }

  @Test
  void star() {
    IgnoredEvent event = (IgnoredEvent) parse("star");
    assertThat(event.event()).isEqualTo("star");
    assertThat(event.action()).contains("created");
    assertThat(event.reason()).isEqualTo("the bot does not act on star events");
  }

  @Test
  void headerNamesIgnoreCase() {
    Map<String, String> headers = WebhookFixtures.headers(getClass(), "ping");
    WebhookDelivery delivery =
        new WebhookDelivery(WebhookHeaders.of(headers), WebhookFixtures.body(getClass(), "ping"));
    assertThat(parser.parse(delivery)).isInstanceOf(PingEvent.class);
  }

  @Test
  void truncatedBody() {
    byte[] body = WebhookFixtures.body(getClass(), "pullRequestOpened");
    assertRejected(
        "pullRequestOpened",
        Arrays.copyOf(body, body.length / 2),
        Reason.BODY_TRUNCATED,
        "cut short");
  }

  @Test
  void nonJsonBody() {
    assertRejected(
        "pullRequestOpened",
        "payload=%7B%22action%22%3A%22opened%22%7D".getBytes(StandardCharsets.UTF_8),
        Reason.BODY_NOT_JSON,
        "not JSON (line 1, column 1)");
    assertRejected(
        "pullRequestOpened",
        "[1, 2]".getBytes(StandardCharsets.UTF_8),
        Reason.BODY_NOT_JSON,
        "not a JSON object");
  }

  @Test
  void missingFieldIsNamed() {
    assertRejected(
        "pullRequestOpened",
        ("{\"action\":\"opened\",\"repository\":{\"name\":\"r\",\"owner\":{\"login\":\"o\"}},"
                + "\"pull_request\":{\"number\":2}}")
            .getBytes(StandardCharsets.UTF_8),
        Reason.FIELD_INVALID,
        "no pull_request.user.login");
  }

  @Test
  void formEncodedWebhooks() {
    Map<String, String> headers = new HashMap<>(WebhookFixtures.headers(getClass(), "ping"));
    headers.put("Content-Type", "application/x-www-form-urlencoded");
    assertThatThrownBy(
            () ->
                parser.parse(
                    new WebhookDelivery(
                        WebhookHeaders.of(headers), WebhookFixtures.body(getClass(), "ping"))))
        .isInstanceOfSatisfying(
            InvalidWebhookException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_CONTENT_TYPE);
              assertThat(e).hasMessageContaining("set its content type to application/json");
            });
  }

  @Test
  void missingEventHeader() {
    Map<String, String> headers = new HashMap<>(WebhookFixtures.headers(getClass(), "ping"));
    headers.remove("X-GitHub-Event");
    assertThatThrownBy(
            () ->
                parser.parse(
                    new WebhookDelivery(
                        WebhookHeaders.of(headers), WebhookFixtures.body(getClass(), "ping"))))
        .isInstanceOfSatisfying(
            InvalidWebhookException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.HEADER_INVALID);
              assertThat(e).hasMessage("no X-GitHub-Event header: GitHub always sends it");
            });
  }

  private Object parse(String fixture) {
    return parser.parse(WebhookFixtures.delivery(getClass(), fixture));
  }

  private void assertRejected(String headersOf, byte[] body, Reason reason, String message) {
    WebhookDelivery delivery =
        new WebhookDelivery(
            WebhookHeaders.of(WebhookFixtures.headers(getClass(), headersOf)), body);
    assertThatThrownBy(() -> parser.parse(delivery))
        .isInstanceOfSatisfying(
            InvalidWebhookException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e).hasMessageContaining(message);
            });
  }
}
