package dev.migrationbot.analyzer;

/** A table-level lock a statement takes on an existing relation, held until commit. */
public record LockClaim(QualifiedName relation, LockMode mode) {}
