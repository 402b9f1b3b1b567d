package dev.migrationbot.local;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Node tooling that executes state machines locally: {@code statemachine/test} with its {@code
 * node_modules} (aws-local-stepfunctions, asl-validator and a Node 22 binary).
 */
public final class StateMachineTools {

  static final String FOLDER = "statemachine/test";
  private static final int MINIMUM_NODE_MAJOR = 22;

  private final Path folder;
  private final Path node;

  private StateMachineTools(Path folder, Path node) {
    this.folder = folder;
    this.node = node;
  }

  /** The tool folder, holding {@code package.json} and {@code run-state-machine.mjs}. */
  public Path folder() {
    return folder;
  }

  public Path node() {
    return node;
  }

  /**
   * Validates a definition with asl-validator (its JSON schema and JSONPath checks).
   *
   * @return the validator's messages; empty when the definition is valid
   */
  public List<String> validate(Path definition) {
    try {
      Process process =
          new ProcessBuilder(
                  node.toString(),
                  folder.resolve("node_modules/asl-validator/dist/bin/asl-validator.js").toString(),
                  "--json-path",
                  definition.toAbsolutePath().toString())
              .redirectErrorStream(true)
              .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new LocalEngineException("asl-validator did not finish within 60 s");
      }
      return process.exitValue() == 0
          ? List.of()
          : output.lines().filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      throw new LocalEngineException("cannot run asl-validator", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalEngineException("interrupted while validating " + definition, e);
    }
  }

  /** The repository root, the folder that holds {@code statemachine/}. */
  public Path repositoryRoot() {
    return folder.getParent().getParent();
  }

  /**
   * Finds the tooling or explains what is missing.
   *
   * <p>Looked up in order: the {@code migrationbot.repository.root} system property (set by the
   * build for tests), then the working directory and its parents, then the folders holding this
   * code and their parents.
   */
  public static Lookup locate() {
    List<Path> roots = new ArrayList<>();
    String configured = System.getProperty("migrationbot.repository.root");
    if (configured != null && !configured.isBlank()) {
      roots.add(Path.of(configured));
    }
    addWithParents(roots, Path.of("").toAbsolutePath());
    codeLocation().ifPresent(location -> addWithParents(roots, location));
    for (Path root : roots) {
      Path folder = root.resolve(FOLDER);
      if (Files.isRegularFile(folder.resolve("package.json"))) {
        return inspect(folder.toAbsolutePath().normalize());
      }
    }
    return Lookup.missing(
        "the state-machine tool folder "
            + FOLDER
            + " was not found above "
            + Path.of("").toAbsolutePath()
            + "; run from a checkout of the repository");
  }

  private static Lookup inspect(Path folder) {
    if (!Files.isDirectory(folder.resolve("node_modules/aws-local-stepfunctions"))) {
      return Lookup.missing(
          "the state-machine tools are not installed; run: npm ci --prefix " + folder);
    }
    Path bundled = folder.resolve("node_modules/node/bin/node");
    if (Files.isExecutable(bundled)) {
      return Lookup.found(new StateMachineTools(folder, bundled));
    }
    Optional<Integer> systemMajor = nodeMajor(Path.of("node"));
    if (systemMajor.isPresent() && systemMajor.get() >= MINIMUM_NODE_MAJOR) {
      return Lookup.found(new StateMachineTools(folder, Path.of("node")));
    }
    return Lookup.missing(
        "aws-local-stepfunctions needs Node "
            + MINIMUM_NODE_MAJOR
            + "+ and neither "
            + bundled
            + " nor a Node "
            + MINIMUM_NODE_MAJOR
            + "+ on the PATH exists; run: npm ci --prefix "
            + folder);
  }

  private static Optional<Integer> nodeMajor(Path node) {
    try {
      Process process = new ProcessBuilder(node.toString(), "--version").start();
      String version =
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
        return Optional.empty();
      }
      return Optional.of(Integer.parseInt(version.replaceFirst("^v(\\d+).*$", "$1")));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static void addWithParents(List<Path> roots, Path start) {
    for (Path p = start; p != null; p = p.getParent()) {
      roots.add(p);
    }
  }

  private static Optional<Path> codeLocation() {
    try {
      return Optional.of(
          Path.of(
              StateMachineTools.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
    } catch (URISyntaxException | SecurityException | NullPointerException e) {
      return Optional.empty();
    }
  }

  /** The tooling, or the reason it is unavailable. */
  public record Lookup(Optional<StateMachineTools> tools, String problem) {

    static Lookup found(StateMachineTools tools) {
      return new Lookup(Optional.of(tools), "");
    }

    static Lookup missing(String problem) {
      return new Lookup(Optional.empty(), problem);
    }

    public StateMachineTools orElseThrow() {
      return tools.orElseThrow(() -> new LocalEngineException(problem));
    }
  }
}
