package dev.migrationbot.lambda.aws;

import dev.migrationbot.rollout.port.RolloutRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Step Functions execution names for rollouts. The name is what makes a merge start one execution
 * however often GitHub delivers the event, so it is a pure function of repository, pull request and
 * merge commit.
 *
 * <p>Step Functions allows 1 to 80 characters; CloudWatch logging and most tooling only cope with
 * ASCII letters, digits, {@code -} and {@code _}, so nothing else is used. The readable part may be
 * shortened; a hash of the full identity keeps shortened names of different repositories apart.
 */
public final class ExecutionNames {

  /** Step Functions' limit. */
  static final int MAX_LENGTH = 80;

  /**
   * The names this class makes stay this short, leaving room for a suffix such as {@code -g12} when
   * a long backfill continues as a new execution.
   */
  static final int NAME_LENGTH = 72;

  private ExecutionNames() {}

  /** {@code acme-shop-pr7-c4295bd74fb0-1a2b3c4d5e}: readable part, then a hash of the identity. */
  public static String of(RolloutRequest request) {
    String identity =
        request.repository().fullName().toLowerCase(Locale.ROOT)
            + "#"
            + request.pullRequest()
            + "@"
            + request.mergeSha();
    String tail =
        "-pr"
            + request.pullRequest()
            + "-"
            + request.mergeSha().substring(0, 12)
            + "-"
            + hash(identity);
    String repo = sanitize(request.repository().owner() + "-" + request.repository().name());
    int room = NAME_LENGTH - tail.length();
    return (repo.length() > room ? repo.substring(0, room) : repo) + tail;
  }

  /** The name of the {@code attempt}-th retry of a failed rollout: {@code <name>-r<attempt>}. */
  public static String retry(RolloutRequest request, int attempt) {
    if (attempt < 1 || attempt > 999_999) {
      throw new IllegalArgumentException("retry attempts count from 1: " + attempt);
    }
    return of(request) + "-r" + attempt;
  }

  /**
   * The name of the execution a long backfill continues in: the first execution's name with its
   * generation, {@code -g2}, {@code -g3}, ... replacing an earlier generation suffix.
   */
  public static String continuation(String executionName, int generation) {
    String base = executionName.replaceFirst("-g[0-9]+$", "");
    String name = base + "-g" + generation;
    if (!valid(name)) {
      throw new IllegalArgumentException("cannot continue execution " + executionName);
    }
    return name;
  }

  /** Whether Step Functions (and this bot's conventions) accept the name. */
  static boolean valid(String name) {
    return !name.isEmpty() && name.length() <= MAX_LENGTH && name.matches("[A-Za-z0-9_-]+");
  }

  private static String sanitize(String text) {
    return text.replaceAll("[^A-Za-z0-9_-]", "-");
  }

  private static String hash(String identity) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 5);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }
}
