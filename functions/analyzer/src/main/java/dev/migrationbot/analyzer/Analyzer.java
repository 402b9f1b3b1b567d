package dev.migrationbot.analyzer;

import dev.migrationbot.analyzer.rules.MetaRules;
import dev.migrationbot.analyzer.rules.Rule;
import dev.migrationbot.analyzer.rules.RuleCatalog;
import dev.migrationbot.analyzer.rules.StatementContext;
import dev.migrationbot.analyzer.schema.Origin;
import dev.migrationbot.analyzer.schema.SchemaState;
import dev.migrationbot.analyzer.sql.ParseResult;
import dev.migrationbot.analyzer.sql.Parser;
import dev.migrationbot.analyzer.sql.SourceStatement;
import dev.migrationbot.analyzer.sql.Splitter;
import dev.migrationbot.analyzer.sql.Stmt;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Analyses a migration: splits and parses every file, follows the schema and the transactions
 * through it, works out each statement's locks and effects and runs the rule catalogue. Never
 * throws on any input: broken SQL becomes a finding.
 */
public final class Analyzer {

  private final List<Rule> rules;
  private final Set<String> ruleIds;

  public Analyzer() {
    this(RuleCatalog.ALL);
  }

  Analyzer(List<Rule> rules) {
    this.rules = List.copyOf(rules);
    this.ruleIds = RuleCatalog.infos().stream().map(RuleInfo::id).collect(Collectors.toSet());
  }

  /** Analyses the files in the order given, as one migration (later files see earlier ones). */
  public Analysis analyze(List<MigrationFile> files, AnalysisContext context) {
    SchemaState schema = baseline(context);
    List<Rule> active =
        rules.stream()
            .filter(r -> r.info().versions().includes(context.pgMajor()))
            .filter(
                r ->
                    context
                        .severities()
                        .getOrDefault(r.info().id(), Optional.of(r.info().severity()))
                        .isPresent())
            .toList();
    List<FileAnalysis> analysed = new ArrayList<>();
    for (MigrationFile file : files) {
      analysed.add(new FileRun(file, context, schema, active).run());
    }
    return new Analysis(context.pgMajor(), context.transactionMode(), analysed);
  }

  /** The schema before the migration: schema files replayed, then the catalog's knowledge. */
  private static SchemaState baseline(AnalysisContext context) {
    SchemaState schema = new SchemaState();
    for (MigrationFile file : context.schemaFiles()) {
      for (SourceStatement statement : Splitter.split(file.path(), file.content())) {
        if (Parser.parse(statement) instanceof ParseResult.Parsed parsed) {
          schema.apply(parsed.statement(), Origin.EXISTING);
        }
      }
    }
    context.catalog().accept(schema);
    return schema;
  }

  private final class FileRun {
    private final MigrationFile file;
    private final AnalysisContext context;
    private final SchemaState schema;
    private final List<Rule> active;
    private final LockAnalysis locks;
    private final Map<String, String> sessionSettings;
    private final Map<String, String> localSettings = new HashMap<>();
    private TransactionTracker transactions;

    FileRun(MigrationFile file, AnalysisContext context, SchemaState schema, List<Rule> active) {
      this.file = file;
      this.context = context;
      this.schema = schema;
      this.active = active;
      this.locks = new LockAnalysis(schema, context.pgMajor());
      this.sessionSettings = new HashMap<>(context.settings());
    }

    FileAnalysis run() {
      List<SourceStatement> statements = Splitter.split(file.path(), file.content());
      transactions = new TransactionTracker(context.transactionMode(), statements);
      List<ParseResult> parsed = statements.stream().map(Parser::parse).toList();
      List<Stmt> parsedStatements = new ArrayList<>();
      for (ParseResult result : parsed) {
        if (result instanceof ParseResult.Parsed p) {
          parsedStatements.add(p.statement());
        }
      }
      List<AnalyzedStatement> results = new ArrayList<>();
      int parsedSoFar = 0;
      for (int i = 0; i < statements.size(); i++) {
        parsedSoFar += parsed.get(i) instanceof ParseResult.Parsed ? 1 : 0;
        List<Stmt> later =
            Collections.unmodifiableList(
                parsedStatements.subList(parsedSoFar, parsedStatements.size()));
        results.add(analyse(statements.get(i), parsed.get(i), later));
      }
      return new FileAnalysis(file.path(), results, List.of());
    }

    private AnalyzedStatement analyse(
        SourceStatement source, ParseResult parsed, List<Stmt> laterInFile) {
      Directives directives = Directives.parse(file.path(), source.leadingComments(), ruleIds);
      List<Finding> findings = new ArrayList<>();
      for (Directives.Problem problem : directives.problems()) {
        findings.add(meta(MetaRules.INVALID_DIRECTIVE, problem.message(), problem.position()));
      }
      if (parsed instanceof ParseResult.SyntaxError error) {
        findings.add(meta(MetaRules.SYNTAX_ERROR, error.message(), error.position()));
        return new AnalyzedStatement(
            source,
            Optional.empty(),
            StatementFacts.none(StatementFacts.Claim.SYNTAX_ERROR),
            transactions.current(),
            findings.stream().flatMap(f -> configured(f).stream()).toList(),
            List.of(),
            directives.phase());
      }
      Stmt stmt = ((ParseResult.Parsed) parsed).statement();
      AnalyzedStatement.Transaction transaction = transactions.enter(stmt);
      StatementFacts facts;
      try {
        facts = locks.facts(stmt);
        StatementContext rulesContext =
            new StatementContext(
                source,
                stmt,
                facts,
                schema,
                context,
                transaction,
                transactions.earlier(),
                transactions.held(),
                transactions.accessExclusiveSince(),
                transactions.begin(),
                laterInFile,
                settings());
        for (Rule rule : active) {
          rulesContext.run(rule);
        }
        findings.addAll(rulesContext.findings());
        schema.apply(stmt, Origin.NEW);
      } catch (RuntimeException e) {
        facts = StatementFacts.none(StatementFacts.Claim.UNRECOGNIZED);
        findings.add(
            meta(
                MetaRules.ANALYZER_FAILURE,
                "internal error while analysing this statement ("
                    + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + "); review it by hand",
                source.position()));
      }
      updateSettings(stmt, transaction);
      transactions.after(source, stmt, facts);
      if (!transaction.inBlock() || transactions.current().id() != transaction.id()) {
        localSettings.clear();
      }
      return suppress(source, stmt, facts, transaction, findings, directives);
    }

    private AnalyzedStatement suppress(
        SourceStatement source,
        Stmt stmt,
        StatementFacts facts,
        AnalyzedStatement.Transaction transaction,
        List<Finding> raw,
        Directives directives) {
      List<Finding> standing = new ArrayList<>();
      List<AnalyzedStatement.Suppressed> suppressed = new ArrayList<>();
      Set<Directives.Ignore> used = new java.util.HashSet<>();
      for (Finding finding : raw) {
        Optional<Directives.Ignore> ignore =
            directives.ignores().stream()
                .filter(i -> i.ruleId().equals(finding.ruleId()))
                .findFirst();
        Optional<Finding> effective = configured(finding);
        if (effective.isEmpty()) {
          continue;
        }
        if (ignore.isPresent()) {
          used.add(ignore.get());
          suppressed.add(new AnalyzedStatement.Suppressed(effective.get(), ignore.get().reason()));
        } else {
          standing.add(effective.get());
        }
      }
      for (Directives.Ignore ignore : directives.ignores()) {
        if (!used.contains(ignore)) {
          configured(
                  meta(
                      MetaRules.UNUSED_IGNORE,
                      "'ignore " + ignore.ruleId() + "' matches no finding of this statement",
                      ignore.position()))
              .ifPresent(standing::add);
        }
      }
      return new AnalyzedStatement(
          source, Optional.of(stmt), facts, transaction, standing, suppressed, directives.phase());
    }

    /** The finding with the repository's severity for its rule; empty when the rule is off. */
    private Optional<Finding> configured(Finding finding) {
      Optional<Severity> configured = context.severities().get(finding.ruleId());
      if (configured == null) {
        return Optional.of(finding);
      }
      return configured.map(finding::withSeverity);
    }

    private Map<String, String> settings() {
      Map<String, String> effective = new HashMap<>(sessionSettings);
      effective.putAll(localSettings);
      return effective;
    }

    private void updateSettings(Stmt stmt, AnalyzedStatement.Transaction transaction) {
      if (stmt instanceof Stmt.SetVariable set) {
        Map<String, String> target =
            set.local() && transaction.inBlock() ? localSettings : sessionSettings;
        if (set.local() && !transaction.inBlock()) {
          return; // SET LOCAL outside a transaction block has no effect
        }
        if (set.value().isPresent()) {
          target.put(set.name(), set.value().get());
        } else {
          target.remove(set.name());
          if (!set.local()) {
            localSettings.remove(set.name());
          }
        }
      } else if (stmt instanceof Stmt.ResetVariable reset) {
        sessionSettings.remove(reset.name());
        localSettings.remove(reset.name());
        context.settings().entrySet().stream()
            .filter(e -> e.getKey().equals(reset.name()))
            .forEach(e -> sessionSettings.put(e.getKey(), e.getValue()));
      }
    }

    private Finding meta(
        RuleInfo rule, String message, dev.migrationbot.analyzer.sql.SourcePosition at) {
      String alternative = rule == MetaRules.INVALID_DIRECTIVE ? rule.safeAlternative() : "";
      return new Finding(rule.id(), rule.code(), rule.severity(), message, alternative, at);
    }
  }
}
