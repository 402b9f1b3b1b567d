package dev.migrationbot.analyzer.schema;

import dev.migrationbot.analyzer.QualifiedName;
import java.util.List;

/**
 * What the analyzer knows of an index.
 *
 * @param columns its key columns (the expression text for expression keys); empty when unknown
 */
public record Index(
    QualifiedName name, QualifiedName table, boolean unique, List<String> columns, Origin origin) {

  public Index {
    columns = List.copyOf(columns);
  }

  public Index renamed(QualifiedName newName) {
    return new Index(newName, table, unique, columns, origin);
  }
}
