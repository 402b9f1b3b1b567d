package dev.migrationbot.analyzer.schema;

import dev.migrationbot.analyzer.sql.TypeName;
import java.util.Optional;

/**
 * What the analyzer knows of a column.
 *
 * @param type empty when the column's type is unknown (a table the analyzer has not seen)
 */
public record Column(String name, Optional<TypeName> type, boolean notNull, boolean hasDefault) {}
