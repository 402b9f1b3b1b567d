package dev.migrationbot.lambda;

import dev.migrationbot.github.InvalidWebhookException;
import dev.migrationbot.github.WebhookDelivery;
import dev.migrationbot.github.WebhookParser;
import dev.migrationbot.github.WebhookVerifier;
import dev.migrationbot.rollout.event.WebhookEvent;
import dev.migrationbot.rollout.port.ExternalServiceException;
import dev.migrationbot.rollout.review.PullRequestBot;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One webhook delivery in, one HTTP answer out: the signature is checked before anything else (a
 * bad one gets 401 and nothing else happens, not even a log of the body), then the event is parsed
 * and handed to the bot within a deadline, so GitHub always gets an answer in time; an unreachable
 * GitHub or AWS gets a 5xx that says so, and the delivery can be redelivered.
 */
public final class WebhookService {

  /** The HTTP answer. */
  public record Response(int status, String body) {}

  private final WebhookVerifier verifier;
  private final WebhookParser parser = new WebhookParser();
  private final PullRequestBot bot;
  private final Clock clock;
  private final Duration deadline;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "webhook-delivery");
            t.setDaemon(true);
            return t;
          });

  public WebhookService(byte[] webhookSecret, PullRequestBot bot, Clock clock, Duration deadline) {
    this.verifier = new WebhookVerifier(webhookSecret);
    this.bot = bot;
    this.clock = clock;
    this.deadline = deadline;
  }

  public Response handle(Map<String, String> headers, String body, boolean base64Encoded) {
    long start = System.nanoTime();
    String delivery =
        headers.entrySet().stream()
            .filter(e -> e.getKey().equalsIgnoreCase("X-GitHub-Delivery"))
            .map(Map.Entry::getValue)
            .findFirst()
            .orElse("-");
    WebhookEvent event;
    try {
      WebhookDelivery parsed = WebhookDelivery.fromLambda(headers, body, base64Encoded);
      verifier.verify(parsed);
      event = parser.parse(parsed);
    } catch (InvalidWebhookException e) {
      log(delivery, "rejected", e.reason().httpStatus(), start);
      return new Response(e.reason().httpStatus(), e.getMessage());
    }
    Future<PullRequestBot.Outcome> outcome =
        worker.submit(() -> bot.handle(event, clock.instant()));
    try {
      PullRequestBot.Outcome done = outcome.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
      log(delivery, done.message(), done.status(), start);
      return new Response(done.status(), done.message());
    } catch (TimeoutException e) {
      outcome.cancel(true);
      log(delivery, "deadline", 503, start);
      return new Response(
          503,
          "not finished within " + deadline.toSeconds() + " s; redeliver the webhook to retry");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ExternalServiceException external) {
        log(delivery, "unavailable", 502, start);
        return new Response(502, external.getMessage() + "; redeliver the webhook to retry");
      }
      log(delivery, "failed: " + cause.getClass().getSimpleName(), 500, start);
      return new Response(
          500,
          "the delivery could not be handled ("
              + cause.getClass().getSimpleName()
              + "); redeliver it to retry");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Response(503, "interrupted; redeliver the webhook to retry");
    }
  }

  /** One JSON line per delivery: id, outcome, status, time; never the body or a secret. */
  private static void log(String delivery, String outcome, int status, long startNanos) {
    System.out.printf(
        "{\"delivery\":\"%s\",\"status\":%d,\"outcome\":\"%s\",\"ms\":%d}%n",
        json(delivery), status, json(outcome), (System.nanoTime() - startNanos) / 1_000_000);
  }

  private static String json(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ");
  }
}
