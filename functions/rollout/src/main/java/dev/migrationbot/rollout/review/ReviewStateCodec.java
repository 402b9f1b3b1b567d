package dev.migrationbot.rollout.review;

import dev.migrationbot.rollout.command.Approval;
import dev.migrationbot.rollout.port.Permission;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes the review state into the bot's comment as a hidden, signed block and reads it back. The
 * signature (HMAC-SHA256 with a key only the bot holds) means an edit by anyone else, even a
 * repository admin who can edit any comment, invalidates the state instead of forging approvals.
 */
public final class ReviewStateCodec {

  private static final String OPEN = "<!-- migration-bot:state v1 ";
  private static final Pattern BLOCK =
      Pattern.compile("<!-- migration-bot:state v1 ([A-Za-z0-9+/=]+) ([0-9a-f]{64}) -->");

  private final byte[] key;

  public ReviewStateCodec(byte[] key) {
    if (key.length < 16) {
      throw new IllegalArgumentException("the state signing key needs at least 16 bytes");
    }
    this.key = key.clone();
  }

  /**
   * A codec keyed from the webhook secret, the one secret the bot and only the bot holds: a key of
   * its own is derived (HMAC of a fixed label) so the two uses never share a key.
   */
  public static ReviewStateCodec forWebhookSecret(byte[] webhookSecret) {
    if (webhookSecret.length == 0) {
      throw new IllegalArgumentException("the webhook secret is empty");
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(webhookSecret, "HmacSHA256"));
      return new ReviewStateCodec(
          mac.doFinal("migration-bot review state v1".getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is part of every Java platform", e);
    }
  }

  /** The hidden block to put at the end of the comment. */
  public String encode(ReviewState state) {
    StringBuilder lines = new StringBuilder();
    state.fingerprint().ifPresent(f -> line(lines, "fingerprint", f));
    state.headSha().ifPresent(h -> line(lines, "head", h));
    state.rolloutExecution().ifPresent(e -> line(lines, "rollout", e));
    for (Approval a : state.approvals()) {
      line(
          lines,
          "approval",
          a.login(),
          Long.toString(a.at().getEpochSecond()),
          a.permission().name(),
          String.join(",", a.teams()),
          a.fingerprint(),
          a.headSha(),
          a.reason().orElse(""));
    }
    String payload =
        Base64.getEncoder().encodeToString(lines.toString().getBytes(StandardCharsets.UTF_8));
    return OPEN + payload + " " + sign(payload) + " -->";
  }

  /** What a comment holds; {@link Decoded.Absent} or {@link Decoded.Tampered} otherwise. */
  public Decoded decode(String commentBody) {
    Matcher m = BLOCK.matcher(commentBody);
    if (!m.find()) {
      return new Decoded.Absent();
    }
    String payload = m.group(1);
    byte[] expected = sign(payload).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, m.group(2).getBytes(StandardCharsets.US_ASCII))) {
      return new Decoded.Tampered();
    }
    try {
      return new Decoded.Valid(
          parse(new String(Base64.getDecoder().decode(payload), StandardCharsets.UTF_8)));
    } catch (IllegalArgumentException e) {
      return new Decoded.Tampered();
    }
  }

  /** The outcome of reading the state from a comment. */
  public sealed interface Decoded {
    record Valid(ReviewState state) implements Decoded {}

    /** No state block: a new comment, or one from before the bot kept state. */
    record Absent() implements Decoded {}

    /** The block does not carry the bot's signature: someone else edited it. */
    record Tampered() implements Decoded {}

    default ReviewState stateOrEmpty() {
      return this instanceof Valid v ? v.state() : ReviewState.EMPTY;
    }
  }

  private static ReviewState parse(String text) {
    Optional<String> fingerprint = Optional.empty();
    Optional<String> head = Optional.empty();
    Optional<String> rollout = Optional.empty();
    List<Approval> approvals = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      String[] f =
          Arrays.stream(line.split("\t", -1))
              .map(ReviewStateCodec::unescape)
              .toArray(String[]::new);
      switch (f[0]) {
        case "fingerprint" -> fingerprint = Optional.of(f[1]);
        case "head" -> head = Optional.of(f[1]);
        case "rollout" -> rollout = Optional.of(f[1]);
        case "approval" -> {
          Set<String> teams = new LinkedHashSet<>();
          if (!f[4].isEmpty()) {
            teams.addAll(List.of(f[4].split(",")));
          }
          approvals.add(
              new Approval(
                  f[1],
                  Instant.ofEpochSecond(Long.parseLong(f[2])),
                  Permission.valueOf(f[3]),
                  teams,
                  f[5],
                  f[6],
                  f[7].isEmpty() ? Optional.empty() : Optional.of(f[7])));
        }
        default -> throw new IllegalArgumentException("unknown state line " + f[0]);
      }
    }
    return new ReviewState(fingerprint, head, approvals, rollout);
  }

  private static void line(StringBuilder out, String... fields) {
    for (int i = 0; i < fields.length; i++) {
      out.append(i == 0 ? "" : "\t").append(escape(fields[i]));
    }
    out.append('\n');
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
  }

  private static String unescape(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        out.append(n == 't' ? '\t' : n == 'n' ? '\n' : n);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private String sign(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is part of every Java platform", e);
    }
  }
}
