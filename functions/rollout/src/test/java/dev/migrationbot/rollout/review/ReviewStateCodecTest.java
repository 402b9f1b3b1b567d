package dev.migrationbot.rollout.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrationbot.rollout.command.Approval;
import dev.migrationbot.rollout.port.Permission;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReviewStateCodecTest {

  private final ReviewStateCodec codec =
      new ReviewStateCodec("0123456789abcdef-secret".getBytes(StandardCharsets.UTF_8));

  private final ReviewState state =
      ReviewState.EMPTY
          .analysed("sha256:ff00", "a".repeat(40))
          .approve(
              new Approval(
                  "alice",
                  Instant.parse("2026-11-25T10:00:00Z"),
                  Permission.WRITE,
                  Set.of("acme/dba"),
                  "sha256:ff00",
                  "a".repeat(40),
                  Optional.of("tabs\tand\nnewlines and \\ backslashes -->")))
          .rolloutStarted("arn:aws:states:eu-west-1:1:execution:rollout:x");

  @Test
  void roundTripsThroughAComment() {
    String comment = "<!-- migration-bot -->\nbody\n" + codec.encode(state) + "\n";
    assertThat(codec.decode(comment)).isEqualTo(new ReviewStateCodec.Decoded.Valid(state));
  }

  @Test
  void anyEditInvalidatesIt() {
    String block = codec.encode(state);
    String edited = block.replaceFirst(" [0-9a-f]{64} -->$", " " + "0".repeat(64) + " -->");
    assertThat(codec.decode(edited)).isInstanceOf(ReviewStateCodec.Decoded.Tampered.class);
    ReviewStateCodec other =
        new ReviewStateCodec("another-key-of-16+".getBytes(StandardCharsets.UTF_8));
    assertThat(other.decode(block)).isInstanceOf(ReviewStateCodec.Decoded.Tampered.class);
    assertThat(codec.decode("no state here")).isInstanceOf(ReviewStateCodec.Decoded.Absent.class);
  }

  @Test
  void approvingAgainReplacesTheEarlierApproval() {
    ReviewState again =
        state.approve(
            new Approval(
                "ALICE",
                Instant.parse("2026-11-26T10:00:00Z"),
                Permission.WRITE,
                Set.of(),
                "sha256:ee",
                "b".repeat(40),
                Optional.empty()));
    assertThat(again.approvals())
        .singleElement()
        .satisfies(a -> assertThat(a.fingerprint()).isEqualTo("sha256:ee"));
  }
}
