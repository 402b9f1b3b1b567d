package dev.migrationbot.analyzer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What PostgreSQL does when it runs a statement: the locks it takes on existing relations (the
 * strongest per relation), what it does to their data, whether it may run inside a transaction
 * block, and the rollout phase it belongs to.
 *
 * @param claim whether the analyzer models the statement's locks at all
 * @param locks the strongest lock per existing relation, in the order first taken
 * @param effects what it does to the data of those relations
 * @param transactionForbidden true for statements PostgreSQL refuses inside a transaction block
 *     (CONCURRENTLY forms, VACUUM)
 * @param phase the rollout phase it belongs to; empty for statements outside the rollout (SET,
 *     BEGIN, comments on objects, ...)
 */
public record StatementFacts(
    Claim claim,
    List<LockClaim> locks,
    List<EffectClaim> effects,
    boolean transactionForbidden,
    Optional<Phase> phase) {

  public StatementFacts {
    locks = List.copyOf(locks);
    effects = List.copyOf(effects);
  }

  /** How far the analyzer vouches for a statement's lock claims. */
  public enum Claim {
    /** Locks and effects are modelled (and checked against real PostgreSQL by the trace test). */
    MODELLED,
    /** Known form that takes no lock worth reporting on existing tables. */
    HARMLESS,
    /** A form the analyzer does not model: it makes no lock claim. */
    UNRECOGNIZED,
    /** The statement does not parse. */
    SYNTAX_ERROR,
    /**
     * PostgreSQL rejects the statement on this major (CREATE INDEX CONCURRENTLY on a partitioned
     * table, ...): it fails at deploy time and changes nothing.
     */
    REFUSED
  }

  public static StatementFacts none(Claim claim) {
    return new StatementFacts(claim, List.of(), List.of(), false, Optional.empty());
  }

  /** The strongest lock the statement takes on any relation. */
  public Optional<LockMode> strongestLock() {
    return locks.stream().map(LockClaim::mode).reduce(LockMode::max);
  }

  public Optional<LockMode> lockOn(QualifiedName relation) {
    return locks.stream()
        .filter(l -> l.relation().equals(relation))
        .map(LockClaim::mode)
        .findFirst();
  }

  public boolean has(Effect effect) {
    return effects.stream().anyMatch(e -> e.effect() == effect);
  }

  public boolean has(Effect effect, QualifiedName relation) {
    return effects.contains(new EffectClaim(relation, effect));
  }

  /** Accumulates claims, keeping the strongest lock per relation. */
  static final class Builder {
    private final java.util.function.Predicate<QualifiedName> ignored;
    private final Map<QualifiedName, LockMode> locks = new LinkedHashMap<>();
    private final List<EffectClaim> effects = new ArrayList<>();
    private boolean transactionForbidden;
    private Phase phase;

    /**
     * @param ignored relations to leave out of every claim: the ones the migration created, which
     *     nobody can be using yet
     */
    Builder(java.util.function.Predicate<QualifiedName> ignored) {
      this.ignored = ignored;
    }

    Builder lock(QualifiedName relation, LockMode mode) {
      if (!ignored.test(relation)) {
        locks.merge(relation, mode, LockMode::max);
      }
      return this;
    }

    Builder effect(QualifiedName relation, Effect effect) {
      if (ignored.test(relation)) {
        return this;
      }
      EffectClaim claim = new EffectClaim(relation, effect);
      if (!effects.contains(claim)) {
        effects.add(claim);
      }
      return this;
    }

    Builder noTransaction() {
      transactionForbidden = true;
      return this;
    }

    /**
     * Records the phase; a later, more demanding phase wins (contract over backfill over expand).
     */
    Builder phase(Phase p) {
      if (phase == null || p.compareTo(phase) > 0) {
        phase = p;
      }
      return this;
    }

    StatementFacts build() {
      List<LockClaim> claims = new ArrayList<>();
      locks.forEach((relation, mode) -> claims.add(new LockClaim(relation, mode)));
      List<EffectClaim> effectClaims = new ArrayList<>(effects);
      effectClaims.removeIf(
          e ->
              e.effect() == Effect.METADATA_ONLY
                  && effects.stream()
                      .anyMatch(
                          other ->
                              other.relation().equals(e.relation())
                                  && other.effect() != Effect.METADATA_ONLY));
      return new StatementFacts(
          Claim.MODELLED, claims, effectClaims, transactionForbidden, Optional.ofNullable(phase));
    }
  }
}
