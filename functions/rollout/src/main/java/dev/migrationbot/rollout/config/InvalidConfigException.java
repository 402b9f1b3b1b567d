package dev.migrationbot.rollout.config;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The repository's configuration file cannot be used. Nothing rolls out until it is fixed; the
 * check run shows every problem with its line.
 */
public final class InvalidConfigException extends RuntimeException {

  private final String path;
  private final List<ConfigProblem> problems;

  public InvalidConfigException(String path, List<ConfigProblem> problems) {
    super(describe(path, problems));
    this.path = Objects.requireNonNull(path, "path");
    this.problems = List.copyOf(problems);
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid configuration has at least one problem");
    }
  }

  public String path() {
    return path;
  }

  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String describe(String path, List<ConfigProblem> problems) {
    return problems.stream().map(p -> path + ":" + p).collect(Collectors.joining("\n"));
  }
}
