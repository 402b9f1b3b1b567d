package dev.migrationbot.analyzer.schema;

import dev.migrationbot.analyzer.QualifiedName;

/** What the analyzer knows of an index. */
public record Index(QualifiedName name, QualifiedName table, boolean unique, Origin origin) {}
