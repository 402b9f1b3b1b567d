package dev.migrationbot.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under the module's {@code src/test/resources/__snapshots__}. A stale or missing
 * snapshot fails; run the tests with {@code -Dsnapshots.update=true} to rewrite them, then read the
 * diff before committing.
 */
public final class Snapshots {

  private static final Path ROOT = Path.of("src/test/resources/__snapshots__");

  private Snapshots() {}

  public static void assertMatches(String name, String actual) {
    Path file = ROOT.resolve(name);
    try {
      if (Boolean.getBoolean("snapshots.update")) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, actual, StandardCharsets.UTF_8);
        return;
      }
      assertTrue(
          Files.exists(file),
          () -> "snapshot " + file + " is missing; run the tests with -Dsnapshots.update=true");
      assertEquals(
          Files.readString(file, StandardCharsets.UTF_8),
          actual,
          () ->
              "snapshot "
                  + file
                  + " is stale; run the tests with -Dsnapshots.update=true and review");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
