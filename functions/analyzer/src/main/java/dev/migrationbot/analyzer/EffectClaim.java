package dev.migrationbot.analyzer;

/** An effect a statement has on one relation. */
public record EffectClaim(QualifiedName relation, Effect effect) {}
