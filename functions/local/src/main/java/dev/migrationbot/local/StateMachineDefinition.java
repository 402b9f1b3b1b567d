package dev.migrationbot.local;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code ${Name}} placeholders of a definition, which the SAM template fills through {@code
 * DefinitionSubstitutions}, and their substitution for local runs.
 */
public final class StateMachineDefinition {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9]+)}");

  private StateMachineDefinition() {}

  public static Set<String> placeholders(String definition) {
    Set<String> names = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(definition);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /**
   * Fills every placeholder.
   *
   * @throws LocalEngineException when a placeholder has no value
   */
  public static String substitute(String definition, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(definition);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new LocalEngineException("no value for ${" + m.group(1) + "} in the definition");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    return m.appendTail(out).toString();
  }

  /** A Lambda ARN in the local account for every placeholder, e.g. for {@code PlanFunctionArn}. */
  public static String withLocalFunctions(String definition) {
    Map<String, String> values = new java.util.HashMap<>();
    for (String name : placeholders(definition)) {
      values.put(
          name,
          "arn:aws:lambda:us-east-1:000000000000:function:migration-bot-"
              + name.replaceFirst("FunctionArn$", "")
              + ":live");
    }
    return substitute(definition, values);
  }
}
