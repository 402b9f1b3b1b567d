package dev.migrationbot.github;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.migrationbot.rollout.config.ConfigProblem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A YAML document as a tree that remembers where every key and value stands, so that problems in a
 * configuration file can name their line and column. Jackson's own tree forgets positions.
 */
final class YamlTree {

  /** A 1-based position in the file. */
  record Position(int line, int column) {
    static Position of(JsonLocation location) {
      return new Position(location.getLineNr(), location.getColumnNr());
    }

    ConfigProblem problem(String problem, String fix) {
      return new ConfigProblem(line, column, problem, fix);
    }
  }

  sealed interface Node permits MapNode, ListNode, Scalar {
    Position position();

    /** How the node reads to a person, for "expected a list, got ..." messages. */
    String kind();
  }

  record Entry(String key, Position keyPosition, Node value) {}

  record MapNode(Position position, List<Entry> entries) implements Node {
    @Override
    public String kind() {
      return "a mapping";
    }

    Optional<Entry> entry(String key) {
      return entries.stream().filter(e -> e.key().equals(key)).findFirst();
    }
  }

  record ListNode(Position position, List<Node> items) implements Node {
    @Override
    public String kind() {
      return "a list";
    }
  }

  /**
   * A plain value.
   *
   * @param token what YAML made of it: a string, a number, a boolean or null
   */
  record Scalar(Position position, String text, JsonToken token) implements Node {
    @Override
    public String kind() {
      switch (token) {
        case VALUE_NUMBER_INT:
        case VALUE_NUMBER_FLOAT:
          return "the number " + text;
        case VALUE_TRUE:
        case VALUE_FALSE:
          return "the boolean " + text;
        case VALUE_NULL:
          return "nothing";
        default:
          return "the text '" + text + "'";
      }
    }
  }

  /** The YAML does not parse. */
  static final class SyntaxException extends Exception {
    final transient ConfigProblem problem;

    SyntaxException(ConfigProblem problem, Throwable cause) {
      super(problem.toString(), cause);
      this.problem = problem;
    }
  }

  /** Repeated keys, which YAML parsers silently resolve to the last one. */
  record Duplicate(String key, Position position) {}

  private static final YAMLFactory YAML = new YAMLFactory();

  private YamlTree() {}

  /**
   * @return the document's root; empty for an empty document
   */
  static Optional<Node> parse(String yaml, List<Duplicate> duplicates) throws SyntaxException {
    try (JsonParser parser = YAML.createParser(yaml)) {
      JsonToken token = parser.nextToken();
      if (token == null) {
        return Optional.empty();
      }
      return Optional.of(read(parser, duplicates));
    } catch (JsonProcessingException e) {
      JsonLocation location = e.getLocation();
      String message = e.getOriginalMessage().split("\n")[0];
      throw new SyntaxException(
          new ConfigProblem(
              location == null ? 1 : Math.max(1, location.getLineNr()),
              location == null ? 1 : Math.max(1, location.getColumnNr()),
              "the file is not valid YAML: " + message,
              "check the indentation and quote values that contain ': ' or start with '*', '&'"
                  + " or '!'"),
          e);
    } catch (IOException e) {
      throw new IllegalStateException("reading a string cannot fail", e);
    }
  }

  private static Node read(JsonParser parser, List<Duplicate> duplicates) throws IOException {
    Position position = Position.of(parser.currentTokenLocation());
    JsonToken token = parser.currentToken();
    if (token == JsonToken.START_OBJECT) {
      List<Entry> entries = new ArrayList<>();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String key = parser.currentName();
        Position keyPosition = Position.of(parser.currentTokenLocation());
        if (entries.stream().anyMatch(e -> e.key().equals(key))) {
          duplicates.add(new Duplicate(key, keyPosition));
        }
        parser.nextToken();
        entries.add(new Entry(key, keyPosition, read(parser, duplicates)));
      }
      return new MapNode(position, entries);
    }
    if (token == JsonToken.START_ARRAY) {
      List<Node> items = new ArrayList<>();
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        items.add(read(parser, duplicates));
      }
      return new ListNode(position, items);
    }
    return new Scalar(position, token == JsonToken.VALUE_NULL ? "" : parser.getText(), token);
  }
}
