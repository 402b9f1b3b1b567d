package dev.migrationbot.analyzer;

import dev.migrationbot.analyzer.rules.StatementContext;
import dev.migrationbot.analyzer.sql.SourceStatement;
import dev.migrationbot.analyzer.sql.Stmt;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows the transactions of one file: the runner's mode, overridden by explicit BEGIN/COMMIT (a
 * file that opens its own transactions is taken to be run without a wrapper). A file of one
 * statement runs outside a transaction block even in per-file mode: golang-migrate sends it as a
 * single simple query and Flyway detects the statements that cannot run in a transaction, so the
 * lone CREATE INDEX CONCURRENTLY file that every guide recommends is not reported as wrapped.
 */
final class TransactionTracker {

  private final TransactionMode mode;
  private final boolean unwrappedFile;
  private final List<StatementContext.Earlier> earlier = new ArrayList<>();
  private final java.util.Map<QualifiedName, LockMode> held = new java.util.LinkedHashMap<>();
  private final java.util.Map<QualifiedName, Integer> exclusiveSince =
      new java.util.LinkedHashMap<>();
  private java.util.Optional<StatementContext.Earlier> begin = java.util.Optional.empty();
  private int nextId = 1;
  private int current;
  private boolean explicitOpen;

  TransactionTracker(TransactionMode mode, List<SourceStatement> statements) {
    this.mode = mode;
    this.unwrappedFile =
        statements.stream().filter(s -> !s.tokens().isEmpty()).count() == 1
            || statements.stream()
                .anyMatch(
                    s ->
                        !s.tokens().isEmpty()
                            && (s.tokens().get(0).isWord("begin")
                                || (s.tokens().get(0).isWord("start")
                                    && s.tokens().size() > 1
                                    && s.tokens().get(1).isWord("transaction"))));
  }

  /** The transaction the next statement would run in, without entering it. */
  AnalyzedStatement.Transaction current() {
    boolean inBlock = explicitOpen || (current != 0);
    return new AnalyzedStatement.Transaction(inBlock, inBlock ? current : 0);
  }

  /** Moves into the transaction the statement runs in and returns it. */
  AnalyzedStatement.Transaction enter(Stmt stmt) {
    if (isCommand(stmt, Stmt.TransactionCommand.BEGIN)) {
      if (!explicitOpen) {
        explicitOpen = true;
        startNew();
      }
      return new AnalyzedStatement.Transaction(true, current);
    }
    if (explicitOpen) {
      return new AnalyzedStatement.Transaction(true, current);
    }
    switch (mode) {
      case PER_FILE -> {
        if (unwrappedFile) {
          clear();
          current = 0;
          return new AnalyzedStatement.Transaction(false, 0);
        }
        if (current == 0) {
          startNew();
        }
        return new AnalyzedStatement.Transaction(true, current);
      }
      case PER_STATEMENT -> {
        startNew();
        return new AnalyzedStatement.Transaction(true, current);
      }
      default -> {
        clear();
        current = 0;
        return new AnalyzedStatement.Transaction(false, 0);
      }
    }
  }

  /**
   * Statements that ran earlier in the current transaction: a read-only view, valid until the next
   * statement is recorded.
   */
  List<StatementContext.Earlier> earlier() {
    return java.util.Collections.unmodifiableList(earlier);
  }

  /** The strongest lock held so far in the current transaction, per relation: a read-only view. */
  java.util.Map<QualifiedName, LockMode> held() {
    return java.util.Collections.unmodifiableMap(held);
  }

  /**
   * The line of the first statement of the current transaction that took ACCESS EXCLUSIVE, per
   * relation: a read-only view.
   */
  java.util.Map<QualifiedName, Integer> accessExclusiveSince() {
    return java.util.Collections.unmodifiableMap(exclusiveSince);
  }

  /** The BEGIN that opened the current transaction, if it was opened explicitly. */
  java.util.Optional<StatementContext.Earlier> begin() {
    return begin;
  }

  void after(SourceStatement source, Stmt stmt, StatementFacts facts) {
    boolean ends =
        isCommand(stmt, Stmt.TransactionCommand.COMMIT)
            || isCommand(stmt, Stmt.TransactionCommand.ROLLBACK)
            || isCommand(stmt, Stmt.TransactionCommand.PREPARE_TRANSACTION);
    if (ends) {
      explicitOpen = false;
      current = 0;
      clear();
      return;
    }
    if (mode == TransactionMode.PER_STATEMENT && !explicitOpen) {
      current = 0;
      clear();
      return;
    }
    if (current != 0) {
      StatementContext.Earlier statement = new StatementContext.Earlier(source, stmt, facts);
      earlier.add(statement);
      if (begin.isEmpty() && isCommand(stmt, Stmt.TransactionCommand.BEGIN)) {
        begin = java.util.Optional.of(statement);
      }
      for (var lock : facts.locks()) {
        held.merge(lock.relation(), lock.mode(), LockMode::max);
        if (lock.mode() == LockMode.ACCESS_EXCLUSIVE) {
          exclusiveSince.putIfAbsent(lock.relation(), source.line());
        }
      }
    }
  }

  private void startNew() {
    current = nextId++;
    clear();
  }

  private void clear() {
    earlier.clear();
    held.clear();
    exclusiveSince.clear();
    begin = java.util.Optional.empty();
  }

  private static boolean isCommand(Stmt stmt, Stmt.TransactionCommand command) {
    return stmt instanceof Stmt.TransactionControl control && control.command() == command;
  }
}
