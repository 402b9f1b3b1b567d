package dev.migrationbot.rollout.plan;

import dev.migrationbot.analyzer.Analysis;
import dev.migrationbot.analyzer.AnalyzedStatement;
import dev.migrationbot.analyzer.FunctionVolatility;
import dev.migrationbot.analyzer.Identifiers;
import dev.migrationbot.analyzer.LockMode;
import dev.migrationbot.analyzer.Phase;
import dev.migrationbot.analyzer.QualifiedName;
import dev.migrationbot.analyzer.StatementFacts;
import dev.migrationbot.analyzer.Volatility;
import dev.migrationbot.analyzer.sql.AlterAction;
import dev.migrationbot.analyzer.sql.ColumnDef;
import dev.migrationbot.analyzer.sql.ObjectKind;
import dev.migrationbot.analyzer.sql.Stmt;
import dev.migrationbot.analyzer.sql.TableConstraint;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compiles an analysed migration into a rollout plan: additive changes in expand, data changes as
 * keyset-batched backfills, and what needs the new code and complete data in contract. Unsafe forms
 * become their safe equivalents (the original is kept on the step); what cannot be made safe
 * automatically is refused with the manual recipe.
 *
 * <p>A statement carrying a {@code -- migration-bot: phase=...} directive, or one whose findings a
 * reviewer silenced with {@code ignore}, runs exactly as written.
 */
public final class Planner {

  private static final int MAX_IDENTIFIER = 63;

  private final PlannerOptions options;

  public Planner(PlannerOptions options) {
    this.options = options;
  }

  public RolloutPlan plan(Analysis analysis) {
    return new Run(analysis).plan();
  }

  private record Column(QualifiedName table, String column) {}

  private record Draft(
      Phase phase,
      String description,
      StepAction action,
      RetryPolicy retry,
      PlanStep.Source source) {}

  private final class Run {
    private final Analysis analysis;
    private final int pg;
    private final List<AnalyzedStatement> statements = new ArrayList<>();
    private final List<Draft> drafts = new ArrayList<>();
    private final List<Refusal> refusals = new ArrayList<>();
    private final Set<Column> added = new HashSet<>();
    private final Map<Column, BackfillSpec> fills = new HashMap<>();
    private final Set<Column> notNullAfterFill = new HashSet<>();
    private final Set<QualifiedName> createdTables = new HashSet<>();
    private boolean dropsData;
    private AnalyzedStatement current;

    Run(Analysis analysis) {
      this.analysis = analysis;
      this.pg = analysis.pgMajor();
      analysis.files().forEach(f -> statements.addAll(f.statements()));
    }

    RolloutPlan plan() {
      for (int i = 0; i < statements.size(); i++) {
        current = statements.get(i);
        statement(i);
      }
      return new RolloutPlan(pg, number(), refusals);
    }

    private void statement(int index) {
      AnalyzedStatement s = current;
      if (s.statement().isEmpty()) {
        refuse(
            "the statement does not parse",
            "fix the syntax error reported for line " + s.source().line());
        return;
      }
      Stmt stmt = s.statement().get();
      if (stmt instanceof Stmt.TransactionControl || stmt instanceof Stmt.PsqlMeta) {
        return; // every step runs in its own transaction, with the bot's timeouts
      }
      if (stmt instanceof Stmt.SetVariable || stmt instanceof Stmt.ResetVariable) {
        setting(stmt);
        return;
      }
      if (s.phaseOverride().isPresent() || !s.suppressed().isEmpty()) {
        asWritten(s.phase().orElse(Phase.EXPAND), "run as written");
        return;
      }
      if (stmt instanceof Stmt.CreateTable create) {
        createdTables.add(create.table());
        asWritten(
            Phase.EXPAND,
            "create table " + create.table(),
            new AppliedCheck.TableExists(create.table()));
      } else if (stmt instanceof Stmt.AlterTable alter
          && alter.relationKind() == Stmt.RelationKind.TABLE) {
        alterTable(alter, index);
      } else if (stmt instanceof Stmt.CreateIndex create) {
        createIndex(create);
      } else if (stmt instanceof Stmt.Drop drop) {
        drop(drop);
      } else if (stmt instanceof Stmt.Update update) {
        update(update);
      } else if (stmt instanceof Stmt.Reindex reindex) {
        reindex(reindex);
      } else if (stmt instanceof Stmt.Delete delete && !isNew(delete.table())) {
        refuse(
            "a DELETE on an existing table holds row locks on every row it removes until it"
                + " commits and is not batched automatically",
            "delete in batches outside the migration, each a short transaction:\n"
                + "DELETE FROM "
                + delete.table().sql()
                + " WHERE ctid IN (SELECT ctid FROM "
                + delete.table().sql()
                + delete.where().map(w -> " WHERE " + w.sql()).orElse("")
                + " LIMIT 1000);\n-- repeat until it deletes no row");
      } else if (stmt instanceof Stmt.Truncate
          || stmt instanceof Stmt.Cluster
          || stmt instanceof Stmt.LockTable
          || stmt instanceof Stmt.Merge
          || stmt instanceof Stmt.Copy
          || (stmt instanceof Stmt.Vacuum vacuum && vacuum.full())
          || (stmt instanceof Stmt.RefreshMaterializedView refresh && !refresh.concurrently())) {
        if (touchesOnlyNewTables()) {
          asWritten(Phase.EXPAND, stmt.kind());
        } else {
          refuse(
              stmt.kind() + " holds a lock that blocks the application for as long as it runs",
              recipeFor(stmt));
        }
      } else if (s.facts().claim() == StatementFacts.Claim.UNRECOGNIZED) {
        refuse(
            "the planner does not know what this statement locks",
            "review it, then add `-- migration-bot: phase=<expand|backfill|contract>` on the line"
                + " before it to run it as written in that phase");
      } else {
        asWritten(s.phase().orElse(Phase.EXPAND), stmt.kind());
      }
    }

    // ---------------------------------------------------------------- ALTER TABLE

    private void alterTable(Stmt.AlterTable alter, int index) {
      QualifiedName t = alter.table();
      if (isNew(t)) {
        asWritten(Phase.EXPAND, "alter new table " + t);
        return;
      }
      for (int i = 0; i < alter.actions().size(); i++) {
        AlterAction action = alter.actions().get(i);
        String actionSql = alter.actionSql().get(i);
        action(alter, action, actionSql, index);
      }
    }

    private void action(Stmt.AlterTable alter, AlterAction action, String actionSql, int index) {
      QualifiedName t = alter.table();
      String prefix =
          "ALTER TABLE "
              + (alter.ifExists() ? "IF EXISTS " : "")
              + (alter.only() ? "ONLY " : "")
              + t.sql()
              + " ";
      if (action instanceof AlterAction.AddColumn add) {
        addColumn(prefix, t, add, index);
      } else if (action instanceof AlterAction.AlterColumnType type) {
        if (current.facts().has(dev.migrationbot.analyzer.Effect.REWRITE, t)) {
          refuse(
              "changing the type of "
                  + t
                  + "."
                  + type.column()
                  + " to "
                  + type.type().sql()
                  + " rewrites the table under ACCESS EXCLUSIVE",
              typeChangeRecipe(t, type));
        } else {
          ddl(
              Phase.EXPAND,
              "change the type of " + t + "." + type.column() + " (no rewrite)",
              prefix + actionSql,
              Optional.of(new AppliedCheck.ColumnExists(t, type.column(), type.type().formatted())),
              options.ddl());
        }
      } else if (action instanceof AlterAction.SetDefault set) {
        ddl(
            Phase.EXPAND,
            "set the default of " + t + "." + set.column(),
            prefix + actionSql,
            Optional.empty(),
            options.ddl());
      } else if (action instanceof AlterAction.DropDefault drop) {
        ddl(
            Phase.CONTRACT,
            "drop the default of " + t + "." + drop.column(),
            prefix + actionSql,
            Optional.empty(),
            options.ddl());
      } else if (action instanceof AlterAction.DropNotNull drop) {
        ddl(
            Phase.EXPAND,
            "allow NULL in " + t + "." + drop.column(),
            prefix + actionSql,
            Optional.empty(),
            options.ddl());
      } else if (action instanceof AlterAction.SetNotNull set) {
        setNotNull(prefix, t, set.column(), actionSql);
      } else if (action instanceof AlterAction.AddConstraint add) {
        addConstraint(prefix, t, add.constraint());
      } else if (action instanceof AlterAction.ValidateConstraint validate) {
        validate(t, validate.constraint(), Optional.empty());
      } else if (action instanceof AlterAction.DropConstraint drop) {
        ddl(
            Phase.CONTRACT,
            "drop constraint " + drop.constraint() + " of " + t,
            prefix
                + "DROP CONSTRAINT IF EXISTS "
                + Identifiers.quote(drop.constraint())
                + (drop.cascade() ? " CASCADE" : ""),
            Optional.of(new AppliedCheck.ConstraintAbsent(t, drop.constraint())),
            options.ddl());
      } else if (action instanceof AlterAction.DropColumn drop) {
        dropsData = true;
        ddl(
            Phase.CONTRACT,
            "drop column " + t + "." + drop.column(),
            prefix
                + "DROP COLUMN IF EXISTS "
                + Identifiers.quote(drop.column())
                + (drop.cascade() ? " CASCADE" : ""),
            Optional.of(new AppliedCheck.ColumnAbsent(t, drop.column())),
            options.ddl());
      } else if (action instanceof AlterAction.RenameColumn rename) {
        refuse(
            "renaming "
                + t
                + "."
                + rename.from()
                + " breaks every running query that uses the old name",
            "expand: ALTER TABLE "
                + t.sql()
                + " ADD COLUMN "
                + Identifiers.quote(rename.to())
                + " <type>;\n"
                + "deploy code that writes both columns, then backfill:\n"
                + "UPDATE "
                + t.sql()
                + " SET "
                + Identifiers.quote(rename.to())
                + " = "
                + Identifiers.quote(rename.from())
                + " WHERE "
                + Identifiers.quote(rename.to())
                + " IS NULL;\n"
                + "deploy code that reads the new column, then contract:\n"
                + "ALTER TABLE "
                + t.sql()
                + " DROP COLUMN "
                + Identifiers.quote(rename.from())
                + ";");
      } else if (action instanceof AlterAction.RenameTable
          || action instanceof AlterAction.SetSchema) {
        refuse(
            "renaming or moving " + t + " breaks every running query that uses the old name",
            "keep the old name working during the deploy with a view:\n"
                + "BEGIN;\nALTER TABLE "
                + t.sql()
                + " "
                + actionSql
                + ";\n"
                + "CREATE VIEW "
                + t.sql()
                + " AS SELECT * FROM <new name>;\nCOMMIT;\n"
                + "-- after every client uses the new name:\nDROP VIEW "
                + t.sql()
                + ";");
      } else if (action instanceof AlterAction.DetachPartition detach
          && !detach.concurrently()
          && pg >= 14) {
        ddl(
            Phase.CONTRACT,
            "detach partition " + detach.partition() + " concurrently",
            prefix + "DETACH PARTITION " + detach.partition().sql() + " CONCURRENTLY",
            false,
            Optional.empty(),
            options.longRunning(),
            Optional.of(prefix + actionSql));
      } else if (action instanceof AlterAction.SetPersistence persistence) {
        refuse(
            persistence.change() + " rewrites " + t + " under ACCESS EXCLUSIVE",
            "copy the table online instead (pg_repack, or a new table filled in batches and swapped"
                + " by rename in a short transaction)");
      } else if (action instanceof AlterAction.AlterColumnGeneration generation
          && generation.change().equals("set expression")) {
        refuse(
            "SET EXPRESSION rewrites " + t + " under ACCESS EXCLUSIVE",
            "add a new generated-by-trigger or plain column, backfill it in batches, and switch");
      } else {
        LockMode mode = current.facts().lockOn(t).orElse(LockMode.ACCESS_EXCLUSIVE);
        ddl(
            current.phase().orElse(Phase.EXPAND),
            describe(actionSql, t),
            prefix + actionSql,
            Optional.empty(),
            mode.blocksWrites() ? options.ddl() : options.longRunning());
      }
    }

    private void addColumn(String prefix, QualifiedName t, AlterAction.AddColumn add, int index) {
      ColumnDef c = add.column();
      Column key = new Column(t, c.name());
      added.add(key);
      String name = Identifiers.quote(c.name());
      if (c.type().isSerial()
          || c.identity()
          || (c.generated().isPresent() && c.generatedStored())) {
        refuse(
            "adding "
                + t
                + "."
                + c.name()
                + " as a serial, identity or stored generated column rewrites the table",
            "ALTER TABLE "
                + t.sql()
                + " ADD COLUMN "
                + name
                + " bigint;\n"
                + "-- fill it in batches (a sequence's nextval() or the generated expression), keep it\n"
                + "-- filled for new rows with a DEFAULT or trigger, then add NOT NULL through a\n"
                + "-- validated CHECK");
        return;
      }
      String column =
          "ADD COLUMN " + (add.ifNotExists() ? "IF NOT EXISTS " : "") + name + " " + c.type().sql();
      Optional<AppliedCheck> exists =
          Optional.of(new AppliedCheck.ColumnExists(t, c.name(), c.type().formatted()));
      boolean volatileDefault =
          c.defaultValue()
              .map(FunctionVolatility::of)
              .map(v -> v == Volatility.VOLATILE || v == Volatility.UNKNOWN)
              .orElse(false);
      if (c.defaultValue().isPresent() && !volatileDefault) {
        ddl(
            Phase.EXPAND,
            "add column " + t + "." + c.name() + " with a stored default (instant)",
            prefix
                + column
                + " DEFAULT "
                + c.defaultValue().get().sql()
                + (c.notNull() ? " NOT NULL" : ""),
            exists,
            options.ddl());
      } else if (volatileDefault) {
        String value = c.defaultValue().get().sql();
        ddl(
            Phase.EXPAND,
            "add column " + t + "." + c.name() + ", default for new rows",
            List.of(prefix + column, prefix + "ALTER COLUMN " + name + " SET DEFAULT " + value),
            true,
            exists,
            options.ddl(),
            Optional.of(current.source().text()));
        BackfillSpec spec =
            new BackfillSpec(
                t,
                List.of(new BackfillSpec.Assignment(c.name(), value)),
                BackfillSpec.Mode.FILL_NULLS,
                Optional.empty());
        backfill(spec, "fill " + t + "." + c.name() + " of existing rows with " + value);
        if (c.notNull()) {
          notNullContract(t, c.name());
        }
      } else if (c.notNull()) {
        if (laterUpdateSets(t, c.name(), index)) {
          ddl(
              Phase.EXPAND,
              "add column " + t + "." + c.name() + " (nullable until the backfill)",
              prefix + column,
              exists,
              options.ddl());
          notNullAfterFill.add(key);
        } else {
          refuse(
              "ADD COLUMN "
                  + c.name()
                  + " NOT NULL without a DEFAULT fails on a table with rows, and nothing in the"
                  + " migration says what existing rows should hold",
              "give it a constant DEFAULT (instant since PostgreSQL 11):\n"
                  + prefix
                  + column
                  + " NOT NULL DEFAULT <value>;\n"
                  + "or add it nullable and fill it in the same migration:\n"
                  + prefix
                  + column
                  + ";\n"
                  + "UPDATE "
                  + t.sql()
                  + " SET "
                  + name
                  + " = <expression>;\n"
                  + "ALTER TABLE "
                  + t.sql()
                  + " ALTER COLUMN "
                  + name
                  + " SET NOT NULL;");
          return;
        }
      } else {
        ddl(
            Phase.EXPAND,
            "add column " + t + "." + c.name(),
            prefix + column,
            exists,
            options.ddl());
      }
      for (TableConstraint constraint : c.constraints()) {
        inlineConstraint(prefix, t, c, constraint);
      }
    }

    private void inlineConstraint(
        String prefix, QualifiedName t, ColumnDef c, TableConstraint constraint) {
      switch (constraint.kind()) {
        case FOREIGN_KEY -> {
          String name = constraint.name().orElse(identifier(t.name() + "_" + c.name() + "_fkey"));
          String fk =
              "CONSTRAINT "
                  + Identifiers.quote(name)
                  + " FOREIGN KEY ("
                  + Identifiers.quote(c.name())
                  + ") "
                  + constraint.sql().replaceFirst("(?is)^\\s*(constraint\\s+\\S+\\s+)?", "");
          addConstraint(prefix, t, withSql(constraint, name, fk));
        }
        case CHECK -> {
          String name = constraint.name().orElse(identifier(t.name() + "_" + c.name() + "_check"));
          String check =
              "CONSTRAINT "
                  + Identifiers.quote(name)
                  + " "
                  + constraint.sql().replaceFirst("(?is)^\\s*(constraint\\s+\\S+\\s+)?", "");
          addConstraint(prefix, t, withSql(constraint, name, check));
        }
        case UNIQUE ->
            uniqueConstraint(
                prefix,
                t,
                constraint.name().orElse(identifier(t.name() + "_" + c.name() + "_key")),
                List.of(c.name()),
                false);
        case PRIMARY_KEY ->
            refuse(
                "adding "
                    + t
                    + "."
                    + c.name()
                    + " as the primary key builds its index under ACCESS EXCLUSIVE",
                "add the column, fill it, make it NOT NULL through a validated CHECK, then\n"
                    + "CREATE UNIQUE INDEX CONCURRENTLY <index> ON "
                    + t.sql()
                    + " ("
                    + Identifiers.quote(c.name())
                    + ");\n"
                    + "ALTER TABLE "
                    + t.sql()
                    + " ADD CONSTRAINT <name> PRIMARY KEY USING INDEX <index>;");
        default -> {}
      }
    }

    private TableConstraint withSql(TableConstraint c, String name, String sql) {
      return new TableConstraint(
          Optional.of(name),
          c.kind(),
          c.columns(),
          c.check(),
          c.references(),
          c.referencedColumns(),
          c.usingIndex(),
          c.notValid(),
          sql);
    }

    private void addConstraint(String prefix, QualifiedName t, TableConstraint c) {
      String name =
          c.name()
              .orElse(
                  identifier(t.name() + "_" + String.join("_", c.columns()) + suffix(c.kind())));
      String definition =
          c.name().isPresent() ? c.sql() : "CONSTRAINT " + Identifiers.quote(name) + " " + c.sql();
      String definitionNotValid = c.notValid() ? definition : definition + " NOT VALID";
      Optional<AppliedCheck> exists =
          Optional.of(new AppliedCheck.ConstraintExists(t, name, false));
      switch (c.kind()) {
        case FOREIGN_KEY -> {
          ddl(
              Phase.EXPAND,
              "add foreign key " + name + " on " + t + " (NOT VALID: new rows are checked at once)",
              List.of(prefix + "ADD " + definitionNotValid),
              true,
              exists,
              options.ddl(),
              original(c.notValid()));
          if (!c.notValid()) {
            validate(t, name, Optional.empty());
          }
        }
        case CHECK -> {
          // Added after the backfill: enforced on every write from then on, it would refuse the
          // application's updates of rows the backfill has not reached yet.
          ddl(
              Phase.CONTRACT,
              "add check " + name + " on " + t + " (NOT VALID)",
              List.of(prefix + "ADD " + definitionNotValid),
              true,
              exists,
              options.ddl(),
              original(c.notValid()));
          if (!c.notValid()) {
            validate(t, name, Optional.empty());
          }
        }
        case NOT_NULL -> {
          String column = c.columns().get(0);
          ddl(
              Phase.CONTRACT,
              "add NOT NULL " + name + " on " + t + "." + column + " (NOT VALID)",
              List.of(prefix + "ADD " + definitionNotValid),
              true,
              exists,
              options.ddl(),
              original(c.notValid()));
          if (!c.notValid()) {
            validate(t, name, Optional.ofNullable(fills.get(new Column(t, column))));
          }
        }
        case UNIQUE, PRIMARY_KEY -> {
          if (c.usingIndex().isPresent()) {
            ddl(
                Phase.EXPAND,
                "add constraint " + name + " on " + t + " using an existing index",
                prefix + "ADD " + definition,
                exists,
                options.ddl());
          } else if (c.kind() == TableConstraint.Kind.PRIMARY_KEY) {
            refuse(
                "ADD PRIMARY KEY builds its index under ACCESS EXCLUSIVE",
                "make the columns NOT NULL through a validated CHECK, then\n"
                    + "CREATE UNIQUE INDEX CONCURRENTLY "
                    + Identifiers.quote(name)
                    + " ON "
                    + t.sql()
                    + " ("
                    + columns(c.columns())
                    + ");\nALTER TABLE "
                    + t.sql()
                    + " ADD CONSTRAINT "
                    + Identifiers.quote(name)
                    + " PRIMARY KEY USING INDEX "
                    + Identifiers.quote(name)
                    + ";");
          } else {
            uniqueConstraint(prefix, t, name, c.columns(), true);
          }
        }
        case EXCLUDE ->
            refuse(
                "an exclusion constraint builds its index and checks every row under ACCESS EXCLUSIVE,"
                    + " and has no NOT VALID form",
                "create a new table with the constraint, copy the rows in batches and swap the tables");
      }
    }

    private Optional<String> original(boolean asWritten) {
      return asWritten ? Optional.empty() : Optional.of(current.source().text());
    }

    /** CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT ... UNIQUE USING INDEX. */
    private void uniqueConstraint(
        String prefix, QualifiedName t, String name, List<String> columns, boolean rewritten) {
      Phase phase =
          columns.stream().anyMatch(col -> fills.containsKey(new Column(t, col)))
              ? Phase.CONTRACT
              : Phase.EXPAND;
      QualifiedName index = t.sibling(name);
      ddl(
          phase,
          "build unique index " + name + " on " + t + " concurrently",
          List.of(
              "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "
                  + Identifiers.quote(name)
                  + " ON "
                  + t.sql()
                  + " ("
                  + columns(columns)
                  + ")"),
          false,
          Optional.of(new AppliedCheck.IndexValid(index)),
          options.longRunning(),
          Optional.of(current.source().text()));
      ddl(
          phase,
          "add unique constraint " + name + " on " + t + " using that index",
          List.of(
              prefix
                  + "ADD CONSTRAINT "
                  + Identifiers.quote(name)
                  + " UNIQUE USING INDEX "
                  + Identifiers.quote(name)),
          true,
          Optional.of(new AppliedCheck.ConstraintExists(t, name, true)),
          options.ddl(),
          Optional.of(current.source().text()));
    }

    private void setNotNull(String prefix, QualifiedName t, String column, String actionSql) {
      boolean proven = !current.facts().has(dev.migrationbot.analyzer.Effect.SCAN, t);
      if (proven) {
        ddl(
            Phase.CONTRACT,
            "set NOT NULL on " + t + "." + column + " (proven by a validated constraint)",
            prefix + actionSql,
            Optional.empty(),
            options.ddl());
        return;
      }
      if (pg < 12) {
        refuse(
            "SET NOT NULL scans "
                + t
                + " under ACCESS EXCLUSIVE, and PostgreSQL "
                + pg
                + " cannot skip the scan",
            "keep a validated CHECK ("
                + Identifiers.quote(column)
                + " IS NOT NULL) NOT VALID constraint instead of the"
                + " column attribute until the server runs PostgreSQL 12 or later");
        return;
      }
      notNullContract(t, column);
    }

    /**
     * NOT NULL without a scan under ACCESS EXCLUSIVE: PostgreSQL 18 validates a NOT NULL constraint
     * added NOT VALID; 12 to 17 skip the scan of SET NOT NULL when a validated CHECK proves it.
     */
    private void notNullContract(QualifiedName t, String column) {
      String quoted = Identifiers.quote(column);
      String name = identifier(t.name() + "_" + column + "_not_null");
      Optional<BackfillSpec> sweep = Optional.ofNullable(fills.get(new Column(t, column)));
      Optional<String> original = Optional.of(current.source().text());
      String alter = "ALTER TABLE " + t.sql() + " ";
      if (pg >= 18) {
        ddl(
            Phase.CONTRACT,
            "add NOT NULL " + name + " on " + t + "." + column + " (NOT VALID: instant)",
            List.of(
                alter
                    + "ADD CONSTRAINT "
                    + Identifiers.quote(name)
                    + " NOT NULL "
                    + quoted
                    + " NOT VALID"),
            true,
            Optional.of(new AppliedCheck.ConstraintExists(t, name, false)),
            options.ddl(),
            original);
        validate(t, name, sweep);
        return;
      }
      ddl(
          Phase.CONTRACT,
          "add CHECK (" + column + " IS NOT NULL) NOT VALID on " + t,
          List.of(
              alter
                  + "ADD CONSTRAINT "
                  + Identifiers.quote(name)
                  + " CHECK ("
                  + quoted
                  + " IS NOT NULL) NOT VALID"),
          true,
          Optional.of(new AppliedCheck.ConstraintExists(t, name, false)),
          options.ddl(),
          original);
      validate(t, name, sweep);
      ddl(
          Phase.CONTRACT,
          "set NOT NULL on "
              + t
              + "."
              + column
              + " (the validated check skips the scan), drop the check",
          List.of(
              alter + "ALTER COLUMN " + quoted + " SET NOT NULL",
              alter + "DROP CONSTRAINT IF EXISTS " + Identifiers.quote(name)),
          true,
          Optional.empty(),
          options.ddl(),
          original);
    }

    private void validate(QualifiedName t, String constraint, Optional<BackfillSpec> sweep) {
      add(
          Phase.CONTRACT,
          "validate "
              + constraint
              + " on "
              + t
              + " (SHARE UPDATE EXCLUSIVE: reads and writes go on)",
          new StepAction.Validate(t, constraint, sweep),
          options.longRunning(),
          Optional.empty());
    }

    // ---------------------------------------------------------------- other statements

    private void update(Stmt.Update update) {
      QualifiedName t = update.table();
      if (isNew(t)) {
        asWritten(Phase.EXPAND, "update new table " + t);
        return;
      }
      if (update.hasFrom() || update.hasReturning()) {
        refuse(
            "an UPDATE with FROM or RETURNING cannot be split into keyset batches automatically",
            "express the new value with a correlated subquery:\nUPDATE "
                + t.sql()
                + " SET <column> = (SELECT ... WHERE ... = "
                + t.sql()
                + ".<key>)"
                + update.where().map(w -> " WHERE " + w.sql()).orElse("")
                + ";");
        return;
      }
      boolean newColumns =
          update.assignments().stream().allMatch(a -> added.contains(new Column(t, a.column())));
      BackfillSpec spec =
          new BackfillSpec(
              t,
              update.assignments().stream()
                  .map(a -> new BackfillSpec.Assignment(a.column(), a.value().sql()))
                  .toList(),
              newColumns ? BackfillSpec.Mode.FILL_NULLS : BackfillSpec.Mode.CONVERGE,
              update.where().map(w -> w.sql()));
      backfill(
          spec,
          "update "
              + t
              + " in keyset batches: "
              + String.join(
                  ", ", update.assignments().stream().map(Stmt.Assignment::column).toList()));
      for (Stmt.Assignment a : update.assignments()) {
        Column key = new Column(t, a.column());
        if (notNullAfterFill.remove(key)) {
          notNullContract(t, a.column());
        }
      }
    }

    private void backfill(BackfillSpec spec, String description) {
      for (BackfillSpec.Assignment a : spec.assignments()) {
        fills.put(new Column(spec.table(), a.column()), spec);
      }
      add(
          Phase.BACKFILL,
          description,
          new StepAction.Backfill(spec),
          options.ddl(),
          Optional.of(current.source().text()));
    }

    private void createIndex(Stmt.CreateIndex create) {
      QualifiedName t = create.table();
      if (isNew(t) || create.concurrently()) {
        asWritten(
            Phase.EXPAND, "create index on " + t, create.name().map(AppliedCheck.IndexValid::new));
        return;
      }
      String name =
          create
              .name()
              .map(QualifiedName::name)
              .orElse(
                  identifier(
                      t.name()
                          + "_"
                          + String.join(
                              "_", create.columns().stream().map(Planner::plainKey).toList())
                          + "_idx"));
      String rest =
          current
              .source()
              .text()
              .replaceFirst(
                  "(?is)^\\s*create\\s+(unique\\s+)?index\\s+(if\\s+not\\s+exists\\s+)?(\\S+\\s+)?on\\s+",
                  "");
      String sql =
          "CREATE "
              + (create.unique() ? "UNIQUE " : "")
              + "INDEX CONCURRENTLY IF NOT EXISTS "
              + Identifiers.quote(name)
              + " ON "
              + rest;
      boolean onFilledColumn =
          create.columns().stream().anyMatch(col -> fills.containsKey(new Column(t, col)));
      ddl(
          onFilledColumn ? Phase.CONTRACT : Phase.EXPAND,
          "build index "
              + name
              + " on "
              + t
              + " concurrently"
              + (onFilledColumn ? ", after the backfill so it does not slow it down" : ""),
          List.of(sql),
          false,
          Optional.of(new AppliedCheck.IndexValid(t.sibling(name))),
          options.longRunning(),
          Optional.of(current.source().text()));
    }

    private void drop(Stmt.Drop drop) {
      for (QualifiedName name : drop.names()) {
        String ifExists = " IF EXISTS ";
        String cascade = drop.cascade() ? " CASCADE" : "";
        switch (drop.objectKind()) {
          case TABLE -> {
            if (!isNew(name)) {
              dropsData = true;
            }
            ddl(
                Phase.CONTRACT,
                "drop table " + name,
                "DROP TABLE" + ifExists + name.sql() + cascade,
                Optional.of(new AppliedCheck.TableAbsent(name)),
                options.ddl());
          }
          case INDEX ->
              ddl(
                  Phase.CONTRACT,
                  "drop index " + name + " concurrently",
                  List.of("DROP INDEX CONCURRENTLY" + ifExists + name.sql() + cascade),
                  false,
                  Optional.of(new AppliedCheck.IndexAbsent(name)),
                  options.longRunning(),
                  drop.concurrently() ? Optional.empty() : Optional.of(current.source().text()));
          default -> {
            if (drop.names().indexOf(name) == 0) {
              asWritten(Phase.CONTRACT, "drop " + drop.objectKind().sqlName());
            }
          }
        }
        if (drop.objectKind() != ObjectKind.TABLE && drop.objectKind() != ObjectKind.INDEX) {
          return;
        }
      }
    }

    private void reindex(Stmt.Reindex reindex) {
      if (reindex.concurrently()
          || pg < 12
          || (reindex.target() != Stmt.ReindexTarget.INDEX
              && reindex.target() != Stmt.ReindexTarget.TABLE)) {
        asWritten(Phase.EXPAND, "reindex");
        return;
      }
      ddl(
          Phase.EXPAND,
          "rebuild "
              + reindex.target().name().toLowerCase(java.util.Locale.ROOT)
              + " "
              + reindex.name()
              + " concurrently",
          List.of("REINDEX " + reindex.target().name() + " CONCURRENTLY " + reindex.name().sql()),
          false,
          Optional.empty(),
          options.longRunning(),
          Optional.of(current.source().text()));
    }

    private void setting(Stmt stmt) {
      String name =
          stmt instanceof Stmt.SetVariable set ? set.name() : ((Stmt.ResetVariable) stmt).name();
      if (Set.of(
              "lock_timeout",
              "statement_timeout",
              "idle_in_transaction_session_timeout",
              "transaction_timeout")
          .contains(name)) {
        return; // the executor sets its own timeouts on every step
      }
      refuse(
          "session settings do not carry over: every step runs on its own connection and transaction",
          name.equals("search_path")
              ? "qualify the table names with their schema instead of setting search_path"
              : "set it on the role (ALTER ROLE ... SET "
                  + name
                  + " = ...) or inside the statement that needs it");
    }

    // ---------------------------------------------------------------- building steps

    private void asWritten(Phase phase, String description) {
      asWritten(phase, description, Optional.empty());
    }

    private void asWritten(Phase phase, String description, AppliedCheck applied) {
      asWritten(phase, description, Optional.of(applied));
    }

    private void asWritten(Phase phase, String description, Optional<AppliedCheck> applied) {
      StatementFacts facts = current.facts();
      boolean blocking = facts.strongestLock().map(LockMode::blocksWrites).orElse(false);
      ddl(
          phase,
          description + " (as written)",
          List.of(current.source().text()),
          !facts.transactionForbidden(),
          applied,
          blocking || facts.strongestLock().isEmpty() ? options.ddl() : options.longRunning(),
          Optional.empty());
    }

    private void ddl(
        Phase phase,
        String description,
        String sql,
        Optional<AppliedCheck> applied,
        RetryPolicy retry) {
      ddl(phase, description, List.of(sql), true, applied, retry, Optional.empty());
    }

    private void ddl(
        Phase phase,
        String description,
        String sql,
        boolean transactional,
        Optional<AppliedCheck> applied,
        RetryPolicy retry,
        Optional<String> original) {
      ddl(phase, description, List.of(sql), transactional, applied, retry, original);
    }

    private void ddl(
        Phase phase,
        String description,
        List<String> sql,
        boolean transactional,
        Optional<AppliedCheck> applied,
        RetryPolicy retry,
        Optional<String> original) {
      add(phase, description, new StepAction.Ddl(sql, transactional, applied), retry, original);
    }

    private void add(
        Phase phase,
        String description,
        StepAction action,
        RetryPolicy retry,
        Optional<String> original) {
      drafts.add(
          new Draft(
              phase,
              description,
              action,
              retry,
              new PlanStep.Source(current.source().file(), current.source().line(), original)));
    }

    private void refuse(String reason, String recipe) {
      refusals.add(
          new Refusal(
              current.source().file(),
              current.source().line(),
              current.source().text(),
              reason,
              recipe));
    }

    private boolean isNew(QualifiedName table) {
      return createdTables.contains(table);
    }

    private boolean touchesOnlyNewTables() {
      return current.facts().locks().isEmpty();
    }

    private boolean laterUpdateSets(QualifiedName table, String column, int from) {
      for (int i = from + 1; i < statements.size(); i++) {
        Optional<Stmt> s = statements.get(i).statement();
        if (s.isPresent()
            && s.get() instanceof Stmt.Update u
            && u.table().equals(table)
            && u.assignments().stream().anyMatch(a -> a.column().equals(column))) {
          return true;
        }
      }
      return false;
    }

    /** Numbers the steps per phase, in phase order, and sets the gate before each phase. */
    private List<PlanStep> number() {
      List<PlanStep> steps = new ArrayList<>();
      boolean hasBackfill = drafts.stream().anyMatch(d -> d.phase() == Phase.BACKFILL);
      for (Phase phase : Phase.values()) {
        int n = 0;
        for (Draft d : drafts) {
          if (d.phase() != phase) {
            continue;
          }
          n++;
          Gate gate = Gate.NONE;
          if (n == 1 && phase == Phase.BACKFILL) {
            gate = Gate.DEPLOY_SEEN;
          } else if (n == 1 && phase == Phase.CONTRACT) {
            gate =
                dropsData || options.contractAlwaysNeedsApproval()
                    ? Gate.CONTRACT_APPROVED
                    : hasBackfill ? Gate.BACKFILL_DONE : Gate.DEPLOY_SEEN;
          }
          steps.add(
              new PlanStep(
                  phase.displayName() + "-" + n,
                  phase,
                  gate,
                  d.description(),
                  d.action(),
                  d.retry(),
                  d.source()));
        }
      }
      return steps;
    }
  }

  private static String suffix(TableConstraint.Kind kind) {
    return switch (kind) {
      case FOREIGN_KEY -> "_fkey";
      case CHECK -> "_check";
      case UNIQUE -> "_key";
      case PRIMARY_KEY -> "_pkey";
      case EXCLUDE -> "_excl";
      case NOT_NULL -> "_not_null";
    };
  }

  private static String columns(List<String> columns) {
    return String.join(", ", columns.stream().map(Identifiers::quote).toList());
  }

  /** An index key as part of a generated name: expressions reduced to their words. */
  private static String plainKey(String key) {
    return key.replaceAll("[^A-Za-z0-9_]+", "_").replaceAll("^_+|_+$", "");
  }

  /** A generated name within PostgreSQL's 63-byte limit, shortened with a hash when needed. */
  static String identifier(String name) {
    if (name.getBytes(StandardCharsets.UTF_8).length <= MAX_IDENTIFIER) {
      return name;
    }
    String hash = sha256(name).substring(0, 8);
    return name.substring(0, MAX_IDENTIFIER - 9) + "_" + hash;
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }

  private static String typeChangeRecipe(QualifiedName t, AlterAction.AlterColumnType type) {
    String c = Identifiers.quote(type.column());
    String n = Identifiers.quote(type.column() + "_new");
    return "ALTER TABLE "
        + t.sql()
        + " ADD COLUMN "
        + n
        + " "
        + type.type().sql()
        + ";\n"
        + "-- deploy code that writes both columns (or a trigger that copies "
        + type.column()
        + " into the new one), then\n"
        + "UPDATE "
        + t.sql()
        + " SET "
        + n
        + " = "
        + type.using().map(u -> u.sql()).orElse(c + "::" + type.type().sql())
        + " WHERE "
        + n
        + " IS NULL;   -- in batches: the rollout's backfill\n"
        + "-- add NOT NULL / constraints / indexes on the new column the safe way, then in one short transaction:\n"
        + "ALTER TABLE "
        + t.sql()
        + " RENAME COLUMN "
        + c
        + " TO "
        + Identifiers.quote(type.column() + "_old")
        + ";\n"
        + "ALTER TABLE "
        + t.sql()
        + " RENAME COLUMN "
        + n
        + " TO "
        + c
        + ";\n"
        + "-- after the code stops using it:\nALTER TABLE "
        + t.sql()
        + " DROP COLUMN "
        + Identifiers.quote(type.column() + "_old")
        + ";";
  }

  private static String recipeFor(Stmt stmt) {
    if (stmt instanceof Stmt.Truncate) {
      return "delete the rows in batches, or swap in a new empty table by rename in a short transaction";
    }
    if (stmt instanceof Stmt.Cluster || stmt instanceof Stmt.Vacuum) {
      return "rebuild the table online with pg_repack";
    }
    if (stmt instanceof Stmt.RefreshMaterializedView) {
      return "REFRESH MATERIALIZED VIEW CONCURRENTLY (it needs a unique index on the view)";
    }
    if (stmt instanceof Stmt.LockTable) {
      return "drop the explicit lock: every step takes the locks it needs with a short lock_timeout and retries";
    }
    return "run it outside the rollout, in a quiet period, with a short lock_timeout";
  }

  private static String describe(String actionSql, QualifiedName table) {
    String flat = actionSql.replaceAll("\\s+", " ");
    return (flat.length() > 60 ? flat.substring(0, 59) + "…" : flat) + " on " + table;
  }
}
