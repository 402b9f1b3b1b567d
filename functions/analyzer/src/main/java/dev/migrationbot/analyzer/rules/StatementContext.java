package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.AnalysisContext;
import dev.migrationbot.analyzer.AnalyzedStatement;
import dev.migrationbot.analyzer.Finding;
import dev.migrationbot.analyzer.QualifiedName;
import dev.migrationbot.analyzer.RuleInfo;
import dev.migrationbot.analyzer.StatementFacts;
import dev.migrationbot.analyzer.schema.SchemaState;
import dev.migrationbot.analyzer.schema.Table;
import dev.migrationbot.analyzer.schema.TableStats;
import dev.migrationbot.analyzer.sql.SourcePosition;
import dev.migrationbot.analyzer.sql.SourceStatement;
import dev.migrationbot.analyzer.sql.Stmt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything a rule may look at for one statement, and where it reports. */
public final class StatementContext {

  private final SourceStatement source;
  private final Stmt statement;
  private final StatementFacts facts;
  private final SchemaState schema;
  private final AnalysisContext analysis;
  private final AnalyzedStatement.Transaction transaction;
  private final List<Earlier> earlierInTransaction;
  private final Map<QualifiedName, dev.migrationbot.analyzer.LockMode> heldInTransaction;
  private final Map<QualifiedName, Integer> accessExclusiveSince;
  private final Optional<Earlier> openedBy;
  private final List<Stmt> laterInFile;
  private final Map<String, String> settings;
  private final List<Finding> findings = new ArrayList<>();
  private RuleInfo rule;

  public StatementContext(
      SourceStatement source,
      Stmt statement,
      StatementFacts facts,
      SchemaState schema,
      AnalysisContext analysis,
      AnalyzedStatement.Transaction transaction,
      List<Earlier> earlierInTransaction,
      Map<QualifiedName, dev.migrationbot.analyzer.LockMode> heldInTransaction,
      Map<QualifiedName, Integer> accessExclusiveSince,
      Optional<Earlier> openedBy,
      List<Stmt> laterInFile,
      Map<String, String> settings) {
    this.source = source;
    this.statement = statement;
    this.facts = facts;
    this.schema = schema;
    this.analysis = analysis;
    this.transaction = transaction;
    this.earlierInTransaction = earlierInTransaction;
    this.heldInTransaction = heldInTransaction;
    this.accessExclusiveSince = accessExclusiveSince;
    this.openedBy = openedBy;
    this.laterInFile = laterInFile;
    this.settings = Map.copyOf(settings);
  }

  /** A statement that ran earlier in the same transaction. */
  public record Earlier(SourceStatement source, Stmt statement, StatementFacts facts) {}

  public Stmt statement() {
    return statement;
  }

  public SourceStatement source() {
    return source;
  }

  public StatementFacts facts() {
    return facts;
  }

  /** The schema as it is before this statement runs. */
  public SchemaState schema() {
    return schema;
  }

  public int pgMajor() {
    return analysis.pgMajor();
  }

  public AnalyzedStatement.Transaction transaction() {
    return transaction;
  }

  /**
   * Statements that ran before this one in the same transaction, in order. A migration may be one
   * long transaction of many thousand statements: rules that look at every statement use the
   * summaries ({@link #heldInTransaction()}, {@link #accessExclusiveSince()}, {@link #openedBy()})
   * instead of walking this list.
   */
  public List<Earlier> earlierInTransaction() {
    return earlierInTransaction;
  }

  /** The strongest lock the transaction already holds on each relation, before this statement. */
  public Map<QualifiedName, dev.migrationbot.analyzer.LockMode> heldInTransaction() {
    return heldInTransaction;
  }

  /** The relations the transaction holds in ACCESS EXCLUSIVE, with the line that took it first. */
  public Map<QualifiedName, Integer> accessExclusiveSince() {
    return accessExclusiveSince;
  }

  /** The BEGIN that opened this statement's transaction, if one did. */
  public Optional<Earlier> openedBy() {
    return openedBy;
  }

  /**
   * The statements after this one in the same file, in order, leaving out those that do not parse.
   * A read-only view: rules that look ahead (an unterminated transaction) cost nothing to the
   * others.
   */
  public List<Stmt> laterInFile() {
    return laterInFile;
  }

  /** A setting in effect for this statement, such as {@code lock_timeout}. */
  public Optional<String> setting(String name) {
    return Optional.ofNullable(settings.get(name));
  }

  /** Whether the migration itself created the table, so nothing can be waiting on it. */
  public boolean isNew(QualifiedName table) {
    return schema.isNew(table);
  }

  public Optional<Table> table(QualifiedName table) {
    return schema.table(table);
  }

  /** ", ~1.2M rows, 340 MB" when the table's size is known, else empty text. */
  public String sizeNote(QualifiedName table) {
    return schema
        .table(table)
        .flatMap(Table::stats)
        .map(TableStats::describe)
        .map(s -> " (" + s + ")")
        .orElse("");
  }

  /** Reports a finding of the rule being checked, at the statement's position. */
  public void report(String message, String safeAlternative) {
    report(message, safeAlternative, source.position());
  }

  public void report(String message, String safeAlternative, SourcePosition position) {
    findings.add(
        new Finding(rule.id(), rule.code(), rule.severity(), message, safeAlternative, position));
  }

  /** Runs a rule against this statement, collecting what it reports. */
  public void run(Rule check) {
    this.rule = check.info();
    check.check(this);
  }

  public List<Finding> findings() {
    return List.copyOf(findings);
  }
}
