package dev.migrationbot.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parsed command-line arguments: {@code --name value}, {@code --name=value}, boolean {@code
 * --flag}s, and positional arguments. Unknown options are usage errors that name the option.
 */
final class Arguments {

  private final Map<String, List<String>> options = new HashMap<>();
  private final List<String> positional = new ArrayList<>();

  private Arguments() {}

  static Arguments parse(List<String> args, Set<String> valued, Set<String> flags) {
    Arguments parsed = new Arguments();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--")) {
        parsed.positional.addAll(args.subList(i + 1, args.size()));
        break;
      }
      if (!arg.startsWith("--") || arg.length() == 2) {
        parsed.positional.add(arg);
        continue;
      }
      String name = arg.substring(2);
      String value = null;
      int equals = name.indexOf('=');
      if (equals >= 0) {
        value = name.substring(equals + 1);
        name = name.substring(0, equals);
      }
      if (flags.contains(name)) {
        if (value != null) {
          throw new UsageException("--" + name + " takes no value");
        }
        parsed.options.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
      } else if (valued.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.size()) {
            throw new UsageException("--" + name + " needs a value");
          }
          value = args.get(++i);
        }
        parsed.options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      } else {
        throw new UsageException("unknown option --" + name);
      }
    }
    return parsed;
  }

  Optional<String> value(String name) {
    List<String> values = options.get(name);
    if (values == null) {
      return Optional.empty();
    }
    if (values.size() > 1) {
      throw new UsageException("--" + name + " is given more than once");
    }
    return Optional.of(values.get(0));
  }

  List<String> values(String name) {
    return options.getOrDefault(name, List.of());
  }

  boolean flag(String name) {
    return options.containsKey(name);
  }

  /** An integer option within bounds, or the default. */
  int integer(String name, int defaultValue, int min, int max) {
    Optional<String> text = value(name);
    if (text.isEmpty()) {
      return defaultValue;
    }
    try {
      int n = Integer.parseInt(text.get().replace("_", ""));
      if (n < min || n > max) {
        throw new UsageException(
            "--" + name + " must be between " + min + " and " + max + ", got " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be a number, got '" + text.get() + "'");
    }
  }

  /** A decimal option within bounds, or the default. */
  double ratio(String name, double defaultValue, double min, double max) {
    Optional<String> text = value(name);
    if (text.isEmpty()) {
      return defaultValue;
    }
    try {
      double n = Double.parseDouble(text.get());
      if (!(n >= min && n <= max)) {
        throw new UsageException(
            "--" + name + " must be between " + min + " and " + max + ", got " + text.get());
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be a number, got '" + text.get() + "'");
    }
  }

  /** One of the allowed words, or the default. */
  String choice(String name, String defaultValue, List<String> allowed) {
    String v = value(name).orElse(defaultValue);
    if (!allowed.contains(v)) {
      throw new UsageException(
          "--" + name + " must be one of " + String.join(", ", allowed) + ", got '" + v + "'");
    }
    return v;
  }

  List<String> positional() {
    return List.copyOf(positional);
  }
}
