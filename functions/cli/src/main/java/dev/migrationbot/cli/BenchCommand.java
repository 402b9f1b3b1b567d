package dev.migrationbot.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code migration-bot bench <what>}: benchmarks that print their figures. */
final class BenchCommand implements Command {

  /** One benchmark: {@code bench <name> [options]}. */
  interface Benchmark {
    String summary();

    String usage();

    int run(List<String> args, PrintStream out) throws Exception;
  }

  private final Map<String, Benchmark> benchmarks = new TreeMap<>();

  BenchCommand() {
    benchmarks.put("lint", new LintBenchmark());
    benchmarks.put("backfill", new BackfillBenchmark());
    benchmarks.put("webhook", new WebhookBenchmark());
  }

  @Override
  public String name() {
    return "bench";
  }

  @Override
  public String summary() {
    return "run a benchmark and print its figures (" + String.join(", ", benchmarks.keySet()) + ")";
  }

  @Override
  public String usage() {
    StringBuilder text =
        new StringBuilder("Usage: migration-bot bench <benchmark> [options]\n\nBenchmarks:\n");
    int width = benchmarks.keySet().stream().mapToInt(String::length).max().orElse(0);
    benchmarks.forEach(
        (name, b) ->
            text.append("  ")
                .append(name)
                .append(" ".repeat(width - name.length() + 2))
                .append(b.summary())
                .append('\n'));
    benchmarks.forEach((name, b) -> text.append('\n').append(b.usage()));
    return text.toString();
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    if (args.isEmpty()) {
      throw new UsageException("name a benchmark: " + String.join(", ", benchmarks.keySet()));
    }
    Benchmark benchmark = benchmarks.get(args.get(0));
    if (benchmark == null) {
      throw new UsageException(
          "unknown benchmark '"
              + args.get(0)
              + "'; choose one of "
              + String.join(", ", benchmarks.keySet()));
    }
    return benchmark.run(args.subList(1, args.size()), out);
  }
}
