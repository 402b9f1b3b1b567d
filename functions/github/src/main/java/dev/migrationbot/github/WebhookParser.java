package dev.migrationbot.github;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migrationbot.github.InvalidWebhookException.Reason;
import dev.migrationbot.rollout.event.IgnoredEvent;
import dev.migrationbot.rollout.event.IssueCommentEvent;
import dev.migrationbot.rollout.event.PingEvent;
import dev.migrationbot.rollout.event.PullRequestEvent;
import dev.migrationbot.rollout.event.WebhookEvent;
import dev.migrationbot.rollout.port.RepositoryRef;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Turns a verified delivery into a {@link WebhookEvent}. Events and actions the bot does not act on
 * become an {@link IgnoredEvent} with the reason; a body that is not what GitHub sends for the
 * event is an {@link InvalidWebhookException} naming the missing field.
 */
public final class WebhookParser {

  static final String EVENT_HEADER = "X-GitHub-Event";
  static final String DELIVERY_HEADER = "X-GitHub-Delivery";

  private final ObjectMapper json = new ObjectMapper();

  public WebhookEvent parse(WebhookDelivery delivery) {
    String event = requiredHeader(delivery, EVENT_HEADER).toLowerCase(Locale.ROOT);
    String deliveryId = requiredHeader(delivery, DELIVERY_HEADER);
    delivery
        .headers()
        .single("Content-Type", false, Reason.HEADER_INVALID)
        .filter(
            type -> type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded"))
        .ifPresent(
            type -> {
              throw new InvalidWebhookException(
                  Reason.UNSUPPORTED_CONTENT_TYPE,
                  "the webhook sends " + type + "; set its content type to application/json");
            });
    JsonNode root = readObject(delivery.body());
    switch (event) {
      case "ping":
        return new PingEvent(
            deliveryId,
            text(root, "zen"),
            root.path("hook_id").asLong(root.path("hook").path("id").asLong()));
      case "pull_request":
        return pullRequest(deliveryId, root);
      case "issue_comment":
        return issueComment(deliveryId, root);
      default:
        return new IgnoredEvent(
            deliveryId,
            event,
            optionalText(root, "action"),
            "the bot does not act on " + event + " events");
    }
  }

  private WebhookEvent pullRequest(String deliveryId, JsonNode root) {
    String actionName = text(root, "action");
    Optional<PullRequestEvent.Action> action = PullRequestEvent.Action.fromApi(actionName);
    if (action.isEmpty()) {
      return new IgnoredEvent(
          deliveryId,
          "pull_request",
          Optional.of(actionName),
          "the bot does not act on pull_request " + actionName);
    }
    JsonNode pr = object(root, "pull_request");
    boolean merged = pr.path("merged").asBoolean(false);
    JsonNode headRepo = pr.path("head").path("repo");
    return new PullRequestEvent(
        deliveryId,
        action.get(),
        repository(root),
        integer(pr, "number", "pull_request.number"),
        text(pr, "user.login", "pull_request.user.login"),
        text(pr, "head.sha", "pull_request.head.sha"),
        headRepo.isObject()
            ? Optional.of(text(headRepo, "full_name", "pull_request.head.repo.full_name"))
            : Optional.empty(),
        text(pr, "base.ref", "pull_request.base.ref"),
        text(pr, "base.sha", "pull_request.base.sha"),
        merged,
        merged
            ? Optional.of(text(pr, "merge_commit_sha", "pull_request.merge_commit_sha"))
            : Optional.empty());
  }

  private WebhookEvent issueComment(String deliveryId, JsonNode root) {
    String actionName = text(root, "action");
    Optional<IssueCommentEvent.Action> action = IssueCommentEvent.Action.fromApi(actionName);
    if (action.isEmpty()) {
      return new IgnoredEvent(
          deliveryId,
          "issue_comment",
          Optional.of(actionName),
          "the bot does not act on issue_comment " + actionName);
    }
    JsonNode issue = object(root, "issue");
    JsonNode comment = object(root, "comment");
    // Pull requests are issues to this API; only theirs carry "pull_request".
    OptionalInt pullRequest =
        issue.path("pull_request").isObject()
            ? OptionalInt.of(integer(issue, "number", "issue.number"))
            : OptionalInt.empty();
    return new IssueCommentEvent(
        deliveryId,
        action.get(),
        repository(root),
        pullRequest,
        longValue(comment, "id", "comment.id"),
        comment.path("body").isTextual() ? comment.path("body").asText() : "",
        text(root, "sender.login"),
        IssueCommentEvent.SenderType.fromApi(text(root, "sender.type")));
  }

  private static RepositoryRef repository(JsonNode root) {
    JsonNode repo = object(root, "repository");
    RepositoryRef ref =
        RepositoryRef.of(
            text(repo, "owner.login", "repository.owner.login"),
            text(repo, "name", "repository.name"));
    JsonNode installation = root.path("installation").path("id");
    return installation.canConvertToLong() && installation.isIntegralNumber()
        ? ref.withInstallation(installation.asLong())
        : ref;
  }

  private JsonNode readObject(byte[] body) {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JsonProcessingException e) {
      if (!endsEarly(e, body)) {
        throw new InvalidWebhookException(
            Reason.BODY_NOT_JSON,
            "the body is not JSON (line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr()
                + ")",
            e);
      }
      throw new InvalidWebhookException(
          Reason.BODY_TRUNCATED,
          "the body ends in the middle of the JSON (after "
              + body.length
              + " bytes): the delivery was cut short",
          e);
    } catch (IOException e) {
      throw new IllegalStateException("reading from memory cannot fail", e);
    }
    if (root == null || !root.isObject()) {
      throw new InvalidWebhookException(Reason.BODY_NOT_JSON, "the body is not a JSON object");
    }
    return root;
  }

  /** Whether the JSON broke off at the end of the body rather than going wrong earlier. */
  private static boolean endsEarly(JsonProcessingException e, byte[] body) {
    return e instanceof JsonEOFException
        || (e.getLocation() != null && e.getLocation().getByteOffset() >= body.length);
  }

  private static String requiredHeader(WebhookDelivery delivery, String name) {
    return delivery
        .headers()
        .single(name, true, Reason.HEADER_INVALID)
        .filter(v -> !v.isEmpty())
        .orElseThrow(
            () ->
                new InvalidWebhookException(
                    Reason.HEADER_INVALID, "no " + name + " header: GitHub always sends it"));
  }

  private static JsonNode object(JsonNode root, String field) {
    JsonNode node = root.path(field);
    if (!node.isObject()) {
      throw missing(field);
    }
    return node;
  }

  private static JsonNode at(JsonNode node, String dotted) {
    return node.at("/" + dotted.replace('.', '/'));
  }

  private static String text(JsonNode root, String dotted) {
    return text(root, dotted, dotted);
  }

  private static String text(JsonNode node, String dotted, String fullPath) {
    JsonNode value = at(node, dotted);
    if (!value.isTextual()) {
      throw missing(fullPath);
    }
    return value.asText();
  }

  private static Optional<String> optionalText(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
  }

  private static int integer(JsonNode node, String field, String fullPath) {
    JsonNode value = node.path(field);
    if (!value.isInt()) {
      throw missing(fullPath);
    }
    return value.asInt();
  }

  private static long longValue(JsonNode node, String field, String fullPath) {
    JsonNode value = node.path(field);
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw missing(fullPath);
    }
    return value.asLong();
  }

  private static InvalidWebhookException missing(String path) {
    return new InvalidWebhookException(
        Reason.FIELD_INVALID, "the payload has no " + path + " (or not of the type GitHub sends)");
  }
}
