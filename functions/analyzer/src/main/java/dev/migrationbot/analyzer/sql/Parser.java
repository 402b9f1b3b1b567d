package dev.migrationbot.analyzer.sql;

import dev.migrationbot.analyzer.LockMode;
import dev.migrationbot.analyzer.QualifiedName;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A focused PostgreSQL parser: it models the statements whose locks and effects matter for a
 * migration (ALTER TABLE in all its forms, indexes, constraints, DML, maintenance, transaction
 * control) and classifies everything else as harmless or unrecognised. It never throws: invalid SQL
 * comes back as a {@link ParseResult.SyntaxError} with its position.
 */
public final class Parser {

  /** First words of every SQL command PostgreSQL accepts. */
  private static final Set<String> COMMANDS =
      Set.of(
          "abort",
          "alter",
          "analyze",
          "analyse",
          "begin",
          "call",
          "checkpoint",
          "close",
          "cluster",
          "comment",
          "commit",
          "copy",
          "create",
          "deallocate",
          "declare",
          "delete",
          "discard",
          "do",
          "drop",
          "end",
          "execute",
          "explain",
          "fetch",
          "grant",
          "import",
          "insert",
          "listen",
          "load",
          "lock",
          "merge",
          "move",
          "notify",
          "prepare",
          "reassign",
          "refresh",
          "reindex",
          "release",
          "reset",
          "revoke",
          "rollback",
          "savepoint",
          "security",
          "select",
          "set",
          "show",
          "start",
          "table",
          "truncate",
          "unlisten",
          "update",
          "vacuum",
          "values",
          "with");

  private static final Set<String> QUERY_WORDS =
      Set.of(
          "select",
          "values",
          "table",
          "show",
          "explain",
          "do",
          "call",
          "notify",
          "listen",
          "unlisten",
          "discard",
          "deallocate",
          "prepare",
          "execute",
          "checkpoint",
          "load",
          "declare",
          "fetch",
          "close",
          "move",
          "security",
          "reassign",
          "import");

  private static final Set<String> COLUMN_CONSTRAINT_WORDS =
      Set.of(
          "check",
          "default",
          "generated",
          "unique",
          "primary",
          "references",
          "constraint",
          "collate",
          "deferrable",
          "initially");

  private final SourceStatement source;
  private final List<Token> tokens;
  private int pos;

  private Parser(SourceStatement source) {
    this.source = source;
    this.tokens = source.tokens();
  }

  public static ParseResult parse(SourceStatement source) {
    if (source.kind() == SourceStatement.Kind.PSQL_META) {
      return new ParseResult.Parsed(new Stmt.PsqlMeta(source.text()));
    }
    if (source.error().isPresent()) {
      SourceStatement.LexError e = source.error().get();
      return new ParseResult.SyntaxError(e.message(), e.position());
    }
    Parser parser = new Parser(source);
    try {
      return new ParseResult.Parsed(parser.statement());
    } catch (SyntaxException e) {
      return new ParseResult.SyntaxError(e.getMessage(), e.position);
    } catch (RuntimeException e) {
      return new ParseResult.SyntaxError(
          "cannot parse this statement (" + e.getClass().getSimpleName() + ")", source.position());
    }
  }

  // ---------------------------------------------------------------- statements

  private Stmt statement() {
    Token first = peek();
    if (first.type() == TokenType.PUNCTUATION && first.isPunctuation('(')) {
      return new Stmt.Harmless("select");
    }
    if (first.type() != TokenType.WORD) {
      throw error(first, "a statement cannot start with '" + first.value() + "'");
    }
    String word = first.value();
    if (!COMMANDS.contains(word)) {
      throw error(first, "'" + word + "' is not a SQL command");
    }
    if (word.equals("with")) {
      skipCommonTableExpressions();
      if (atEnd()) {
        throw atEndError("WITH must be followed by a statement");
      }
      word = peek().value();
    }
    return switch (word) {
      case "alter" -> alter();
      case "create" -> create();
      case "drop" -> drop();
      case "reindex" -> reindex();
      case "truncate" -> truncate();
      case "vacuum" -> vacuum();
      case "analyze", "analyse" -> analyze();
      case "cluster" -> cluster();
      case "refresh" -> refresh();
      case "lock" -> lock();
      case "comment" -> comment();
      case "grant", "revoke" -> grant();
      case "update" -> update();
      case "delete" -> delete();
      case "insert" -> insert();
      case "merge" -> merge();
      case "copy" -> copy();
      case "set" -> set();
      case "reset" -> reset();
      case "begin", "start", "commit", "end", "rollback", "abort", "savepoint", "release" ->
          transaction();
      case "prepare" -> prepare();
      default -> {
        if (QUERY_WORDS.contains(word)) {
          yield new Stmt.Harmless(word);
        }
        throw error(peek(), "expected a statement");
      }
    };
  }

  private void skipCommonTableExpressions() {
    expectWord("with");
    acceptWord("recursive");
    do {
      identifier();
      if (isPunctuation('(')) {
        skipParenthesised();
      }
      expectWord("as");
      acceptWord("not");
      acceptWord("materialized");
      if (!isPunctuation('(')) {
        throw error(peek(), "expected '(' after AS in WITH");
      }
      skipParenthesised();
    } while (acceptPunctuation(','));
  }

  // ---------------------------------------------------------------- ALTER

  private Stmt alter() {
    expectWord("alter");
    if (acceptWord("table")) {
      return alterTable(Stmt.RelationKind.TABLE);
    }
    if (acceptWord("index")) {
      return alterTable(Stmt.RelationKind.INDEX);
    }
    if (acceptWords("materialized", "view")) {
      return alterTable(Stmt.RelationKind.MATERIALIZED_VIEW);
    }
    if (acceptWords("foreign", "table")) {
      return alterTable(Stmt.RelationKind.FOREIGN_TABLE);
    }
    if (acceptWord("type")) {
      return alterType();
    }
    if (acceptWord("domain")) {
      return alterDomain();
    }
    if (acceptWord("policy")) {
      identifier();
      expectWord("on");
      return new Stmt.TableObject("policy", "alter", qualifiedName());
    }
    String what = atEnd() ? "" : peek().value();
    return new Stmt.Harmless("alter-" + what);
  }

  private Stmt alterTable(Stmt.RelationKind kind) {
    if (isWord("all") && peekIs(1, "in")) {
      return new Stmt.Unrecognized("alter-table-all-in-tablespace");
    }
    boolean ifExists = acceptWords("if", "exists");
    boolean only = acceptWord("only");
    QualifiedName table = qualifiedName();
    acceptOperator("*");
    List<AlterAction> actions = new ArrayList<>();
    List<String> actionSql = new ArrayList<>();
    int actionStart = pos;
    if (atEnd()) {
      throw atEndError("ALTER " + kind.name().replace('_', ' ') + " needs an action");
    }
    if (isWord("rename")) {
      actions.add(rename());
    } else if (acceptWords("set", "schema")) {
      actions.add(new AlterAction.SetSchema(identifier()));
    } else if (acceptWords("attach", "partition")) {
      QualifiedName partition = qualifiedName();
      if (isWord("for") || isWord("default")) {
        skipToEnd();
      }
      actions.add(new AlterAction.AttachPartition(partition));
    } else if (acceptWords("detach", "partition")) {
      QualifiedName partition = qualifiedName();
      boolean concurrently = acceptWord("concurrently");
      boolean finalizing = acceptWord("finalize");
      actions.add(new AlterAction.DetachPartition(partition, concurrently, finalizing));
    } else {
      do {
        int start = pos;
        actions.add(alterAction(table));
        actionSql.add(expression(start, pos).sql());
      } while (acceptPunctuation(','));
    }
    expectEnd();
    if (actionSql.isEmpty()) {
      actionSql.add(expression(actionStart, pos).sql());
    }
    return new Stmt.AlterTable(kind, table, ifExists, only, actions, actionSql);
  }

  private AlterAction rename() {
    expectWord("rename");
    if (acceptWord("to")) {
      return new AlterAction.RenameTable(identifier());
    }
    if (acceptWord("constraint")) {
      String from = identifier();
      expectWord("to");
      return new AlterAction.RenameConstraint(from, identifier());
    }
    acceptWord("column");
    String from = identifier();
    expectWord("to");
    return new AlterAction.RenameColumn(from, identifier());
  }

  private AlterAction alterAction(QualifiedName table) {
    Token t = peek();
    if (acceptWord("add")) {
      if (isTableConstraintStart()) {
        return new AlterAction.AddConstraint(tableConstraint());
      }
      acceptWord("column");
      boolean ifNotExists = acceptWords("if", "not", "exists");
      return new AlterAction.AddColumn(columnDef(), ifNotExists);
    }
    if (acceptWord("drop")) {
      if (acceptWord("constraint")) {
        boolean ifExists = acceptWords("if", "exists");
        String name = identifier();
        return new AlterAction.DropConstraint(name, ifExists, dropBehaviour());
      }
      acceptWord("column");
      boolean ifExists = acceptWords("if", "exists");
      String column = identifier();
      return new AlterAction.DropColumn(column, ifExists, dropBehaviour());
    }
    if (acceptWord("alter")) {
      if (acceptWord("constraint")) {
        String name = identifier();
        skipToActionEnd();
        return new AlterAction.AlterConstraint(name);
      }
      acceptWord("column");
      return alterColumn(identifier());
    }
    if (acceptWords("validate", "constraint")) {
      return new AlterAction.ValidateConstraint(identifier());
    }
    if (isWord("enable") || isWord("disable")) {
      boolean enable = next().value().equals("enable");
      acceptWord("replica");
      acceptWord("always");
      if (acceptWord("trigger")) {
        return new AlterAction.SetTriggerState(identifier(), enable);
      }
      if (acceptWords("row", "level", "security")) {
        return new AlterAction.RowLevelSecurity(enable ? "enable" : "disable");
      }
      if (acceptWord("rule")) {
        return new AlterAction.Other((enable ? "enable" : "disable") + " rule " + identifier());
      }
      throw error(peek(), "expected TRIGGER, RULE or ROW LEVEL SECURITY");
    }
    if (acceptWords("force", "row", "level", "security")) {
      return new AlterAction.RowLevelSecurity("force");
    }
    if (acceptWords("no", "force", "row", "level", "security")) {
      return new AlterAction.RowLevelSecurity("no force");
    }
    if (acceptWords("cluster", "on")) {
      return new AlterAction.ClusterOn(Optional.of(identifier()));
    }
    if (acceptWord("set")) {
      if (acceptWords("without", "cluster")) {
        return new AlterAction.ClusterOn(Optional.empty());
      }
      if (acceptWords("without", "oids")) {
        return new AlterAction.Other("set without oids");
      }
      if (isPunctuation('(')) {
        return new AlterAction.SetStorageParameters(parameterNames());
      }
      if (acceptWord("tablespace")) {
        return new AlterAction.SetPersistence("set tablespace " + identifier());
      }
      if (acceptWords("access", "method")) {
        return new AlterAction.SetPersistence("set access method " + identifier());
      }
      if (acceptWord("logged")) {
        return new AlterAction.SetPersistence("set logged");
      }
      if (acceptWord("unlogged")) {
        return new AlterAction.SetPersistence("set unlogged");
      }
      throw error(peek(), "unexpected SET form in ALTER TABLE");
    }
    if (acceptWord("reset")) {
      return new AlterAction.SetStorageParameters(parameterNames());
    }
    if (isWord("owner")
        || isWord("replica")
        || isWord("inherit")
        || isWord("no")
        || isWord("of")
        || isWord("not")) {
      StringBuilder change = new StringBuilder();
      while (!atEnd() && !isPunctuation(',')) {
        change.append(change.isEmpty() ? "" : " ").append(next().value());
      }
      return new AlterAction.Other(change.toString());
    }
    throw error(t, "unknown ALTER TABLE action '" + t.value() + "'");
  }

  private AlterAction alterColumn(String column) {
    if (acceptWords("set", "data", "type") || acceptWord("type")) {
      TypeName type = typeName();
      if (acceptWord("collate")) {
        identifierOrString();
      }
      Optional<Expression> using = Optional.empty();
      if (acceptWord("using")) {
        using = Optional.of(expressionUntil(Set.of()));
      }
      return new AlterAction.AlterColumnType(column, type, using);
    }
    if (acceptWords("set", "default")) {
      return new AlterAction.SetDefault(column, expressionUntil(Set.of()));
    }
    if (acceptWords("drop", "default")) {
      return new AlterAction.DropDefault(column);
    }
    if (acceptWords("set", "not", "null")) {
      return new AlterAction.SetNotNull(column);
    }
    if (acceptWords("drop", "not", "null")) {
      return new AlterAction.DropNotNull(column);
    }
    if (acceptWords("set", "statistics")) {
      skipToActionEnd();
      return new AlterAction.SetColumnStatistics(column);
    }
    if ((isWord("set") || isWord("reset")) && peekIsPunctuation(1, '(')) {
      next();
      skipParenthesised();
      return new AlterAction.SetColumnStatistics(column);
    }
    if (acceptWords("set", "storage")) {
      return new AlterAction.SetColumnStorage(column, "set storage " + identifier());
    }
    if (acceptWords("set", "compression")) {
      return new AlterAction.SetColumnStorage(column, "set compression " + identifier());
    }
    if (acceptWords("set", "expression")) {
      skipToActionEnd();
      return new AlterAction.AlterColumnGeneration(column, "set expression");
    }
    if (acceptWords("drop", "expression")) {
      skipToActionEnd();
      return new AlterAction.AlterColumnGeneration(column, "drop expression");
    }
    if (acceptWords("drop", "identity")) {
      skipToActionEnd();
      return new AlterAction.AlterColumnGeneration(column, "drop identity");
    }
    if (acceptWords("add", "generated")) {
      skipToActionEnd();
      return new AlterAction.AlterColumnGeneration(column, "add identity");
    }
    if (isWord("set") || isWord("restart")) {
      skipToActionEnd();
      return new AlterAction.AlterColumnGeneration(column, "alter identity");
    }
    throw error(peek(), "unknown ALTER COLUMN action");
  }

  private boolean isTableConstraintStart() {
    return isWord("constraint")
        || isWord("check")
        || isWord("unique")
        || (isWord("primary") && peekIs(1, "key"))
        || (isWord("foreign") && peekIs(1, "key"))
        || isWord("exclude")
        || (isWord("not") && peekIs(1, "null"));
  }

  private TableConstraint tableConstraint() {
    int start = pos;
    Optional<String> name = Optional.empty();
    if (acceptWord("constraint")) {
      name = Optional.of(identifier());
    }
    TableConstraint.Kind kind;
    List<String> columns = List.of();
    Optional<Expression> check = Optional.empty();
    Optional<QualifiedName> references = Optional.empty();
    List<String> referencedColumns = List.of();
    Optional<String> usingIndex = Optional.empty();
    if (acceptWord("check")) {
      kind = TableConstraint.Kind.CHECK;
      check = Optional.of(parenthesisedExpression());
      acceptWords("no", "inherit");
    } else if (acceptWord("unique") || acceptWords("primary", "key")) {
      kind =
          tokens.get(pos - 1).isWord("unique")
              ? TableConstraint.Kind.UNIQUE
              : TableConstraint.Kind.PRIMARY_KEY;
      if (acceptWord("nulls")) {
        acceptWord("not");
        expectWord("distinct");
      }
      if (acceptWords("using", "index")) {
        usingIndex = Optional.of(identifier());
      } else {
        columns = identifierList();
        skipIndexParameters();
      }
    } else if (acceptWords("foreign", "key")) {
      kind = TableConstraint.Kind.FOREIGN_KEY;
      columns = identifierList();
      expectWord("references");
      references = Optional.of(qualifiedName());
      if (isPunctuation('(')) {
        referencedColumns = identifierList();
      }
      skipReferentialActions();
    } else if (acceptWord("exclude")) {
      kind = TableConstraint.Kind.EXCLUDE;
      if (acceptWord("using")) {
        identifier();
      }
      skipParenthesised();
      skipIndexParameters();
      if (acceptWord("where")) {
        skipParenthesised();
      }
    } else if (acceptWords("not", "null")) {
      kind = TableConstraint.Kind.NOT_NULL;
      columns = List.of(identifier());
      acceptWords("no", "inherit");
    } else {
      throw error(peek(), "expected a table constraint");
    }
    boolean notValid = constraintAttributes();
    return new TableConstraint(
        name,
        kind,
        columns,
        check,
        references,
        referencedColumns,
        usingIndex,
        notValid,
        expression(start, pos).sql());
  }

  /** DEFERRABLE, INITIALLY ..., NOT VALID, [NOT] ENFORCED; returns whether NOT VALID was seen. */
  private boolean constraintAttributes() {
    boolean notValid = false;
    while (true) {
      if (acceptWords("not", "valid")) {
        notValid = true;
      } else if (acceptWords("not", "deferrable")
          || acceptWord("deferrable")
          || acceptWords("not", "enforced")
          || acceptWord("enforced")) {
        continue;
      } else if (acceptWord("initially")) {
        next();
      } else {
        return notValid;
      }
    }
  }

  private void skipIndexParameters() {
    while (true) {
      if (acceptWord("include") || acceptWord("with")) {
        skipParenthesised();
      } else if (acceptWords("using", "index", "tablespace")) {
        identifier();
      } else {
        return;
      }
    }
  }

  private void skipReferentialActions() {
    while (true) {
      if (acceptWord("match")) {
        next();
      } else if (acceptWord("on")) {
        next(); // DELETE or UPDATE
        if (acceptWords("no", "action")) {
          continue;
        }
        if (acceptWords("set", "null") || acceptWords("set", "default")) {
          if (isPunctuation('(')) {
            skipParenthesised();
          }
          continue;
        }
        next(); // CASCADE or RESTRICT
      } else {
        return;
      }
    }
  }

  private ColumnDef columnDef() {
    String name = identifier();
    TypeName type = typeName();
    boolean notNull = false;
    Optional<Expression> defaultValue = Optional.empty();
    Optional<Expression> generated = Optional.empty();
    boolean stored = false;
    boolean identity = false;
    List<TableConstraint> constraints = new ArrayList<>();
    while (!atEnd() && !isPunctuation(',') && !isPunctuation(')')) {
      int constraintStart = pos;
      Optional<String> constraintName = Optional.empty();
      if (acceptWord("constraint")) {
        constraintName = Optional.of(identifier());
      }
      if (acceptWords("not", "null")) {
        notNull = true;
        acceptWords("no", "inherit");
      } else if (acceptWord("null")) {
        notNull = false;
      } else if (acceptWord("default")) {
        defaultValue = Optional.of(defaultExpression());
      } else if (acceptWord("collate")) {
        identifierOrString();
      } else if (acceptWord("generated")) {
        if (acceptWords("always", "as", "identity")
            || acceptWords("by", "default", "as", "identity")) {
          identity = true;
          if (isPunctuation('(')) {
            skipParenthesised();
          }
        } else {
          expectWord("always");
          expectWord("as");
          generated = Optional.of(parenthesisedExpression());
          // PostgreSQL 18 made VIRTUAL the default; earlier majors accept only STORED
          stored = acceptWord("stored");
          if (!stored) {
            acceptWord("virtual");
          }
        }
      } else if (acceptWord("check")) {
        Expression check = parenthesisedExpression();
        acceptWords("no", "inherit");
        constraints.add(
            constraint(
                constraintName,
                TableConstraint.Kind.CHECK,
                name,
                Optional.of(check),
                expression(constraintStart, pos).sql()));
      } else if (acceptWord("unique")) {
        if (acceptWord("nulls")) {
          acceptWord("not");
          expectWord("distinct");
        }
        skipIndexParameters();
        constraints.add(
            constraint(
                constraintName,
                TableConstraint.Kind.UNIQUE,
                name,
                Optional.empty(),
                expression(constraintStart, pos).sql()));
      } else if (acceptWords("primary", "key")) {
        skipIndexParameters();
        constraints.add(
            constraint(
                constraintName,
                TableConstraint.Kind.PRIMARY_KEY,
                name,
                Optional.empty(),
                expression(constraintStart, pos).sql()));
      } else if (acceptWord("references")) {
        QualifiedName target = qualifiedName();
        List<String> targetColumns = isPunctuation('(') ? identifierList() : List.of();
        skipReferentialActions();
        constraints.add(
            new TableConstraint(
                constraintName,
                TableConstraint.Kind.FOREIGN_KEY,
                List.of(name),
                Optional.empty(),
                Optional.of(target),
                targetColumns,
                Optional.empty(),
                false,
                expression(constraintStart, pos).sql()));
      } else if (isWord("deferrable")
          || isWord("initially")
          || (isWord("not") && (peekIs(1, "deferrable") || peekIs(1, "enforced")))
          || isWord("enforced")) {
        constraintAttributes();
      } else {
        throw error(
            peek(), "unexpected '" + peek().value() + "' in the definition of column " + name);
      }
    }
    return new ColumnDef(
        name, type, notNull, defaultValue, generated, stored, identity, constraints);
  }

  private static TableConstraint constraint(
      Optional<String> name,
      TableConstraint.Kind kind,
      String column,
      Optional<Expression> check,
      String sql) {
    return new TableConstraint(
        name,
        kind,
        List.of(column),
        check,
        Optional.empty(),
        List.of(),
        Optional.empty(),
        false,
        sql);
  }

  /** A DEFAULT expression: it runs until the next column constraint or the end of the column. */
  private Expression defaultExpression() {
    int start = pos;
    int depth = 0;
    while (!atEnd()) {
      Token t = peek();
      if (depth == 0) {
        if (t.isPunctuation(',') || t.isPunctuation(')')) {
          break;
        }
        if (pos > start && t.type() == TokenType.WORD) {
          if (COLUMN_CONSTRAINT_WORDS.contains(t.value())) {
            break;
          }
          if (t.value().equals("not") && (peekIs(1, "null") || peekIs(1, "deferrable"))) {
            break;
          }
          if (t.value().equals("null")
              && !tokens.get(pos - 1).isWord("is")
              && !tokens.get(pos - 1).isWord("not")) {
            break;
          }
        }
      }
      if (t.isPunctuation('(') || t.isPunctuation('[')) {
        depth++;
      } else if (t.isPunctuation(')') || t.isPunctuation(']')) {
        depth--;
      }
      pos++;
    }
    return expression(start, pos);
  }

  // ---------------------------------------------------------------- CREATE

  private Stmt create() {
    expectWord("create");
    acceptWords("or", "replace");
    if (acceptWord("unique")) {
      expectWord("index");
      return createIndex(true);
    }
    if (acceptWord("index")) {
      return createIndex(false);
    }
    boolean temporary = false;
    if (acceptWord("global") || acceptWord("local")) {
      temporary = true;
    }
    if (acceptWord("temporary") || acceptWord("temp")) {
      temporary = true;
    }
    acceptWord("unlogged");
    if (acceptWord("table")) {
      return createTable(temporary);
    }
    if (acceptWord("trigger") || acceptWords("constraint", "trigger")) {
      String name = identifier();
      while (!atEnd() && !isWord("on")) {
        next();
      }
      expectWord("on");
      QualifiedName table = qualifiedName();
      boolean forEachRow = false;
      while (!atEnd() && !isWord("execute")) {
        if (acceptWord("for")) {
          acceptWord("each");
          forEachRow = isWord("row");
        } else if (isPunctuation('(')) {
          skipParenthesised();
        } else {
          next();
        }
      }
      skipToEnd();
      return new Stmt.CreateTrigger(name, table, forEachRow);
    }
    if (acceptWord("policy")) {
      identifier();
      expectWord("on");
      return new Stmt.TableObject("policy", "create", qualifiedName());
    }
    if (acceptWord("rule")) {
      identifier();
      expectWord("as");
      expectWord("on");
      next(); // the event
      expectWord("to");
      return new Stmt.TableObject("rule", "create", qualifiedName());
    }
    if (acceptWord("statistics")) {
      while (!atEnd() && !isWord("from")) {
        next();
      }
      expectWord("from");
      return new Stmt.CreateStatistics(qualifiedName());
    }
    if (acceptWord("domain")) {
      QualifiedName domain = qualifiedName();
      boolean hasCheck = false;
      while (!atEnd()) {
        if (next().isWord("check")) {
          hasCheck = true;
        }
      }
      return new Stmt.CreateDomain(domain, hasCheck);
    }
    if (acceptWords("materialized", "view")) {
      return createView(true);
    }
    acceptWord("recursive");
    if (acceptWord("view")) {
      return createView(false);
    }
    if (atEnd()) {
      throw atEndError("CREATE needs an object kind");
    }
    return new Stmt.Harmless("create-" + peek().value());
  }

  private Stmt createView(boolean materialized) {
    acceptWords("if", "not", "exists");
    QualifiedName view = qualifiedName();
    while (!atEnd() && !isWord("as")) {
      if (isPunctuation('(')) {
        skipParenthesised();
      } else {
        next();
      }
    }
    expectWord("as");
    List<QualifiedName> reads =
        QueryReads.of(tokens.subList(pos, tokens.size())).stream()
            .filter(r -> !r.equals(view))
            .toList();
    skipToEnd();
    return new Stmt.CreateView(view, materialized, reads);
  }

  private Stmt createIndex(boolean unique) {
    boolean concurrently = acceptWord("concurrently");
    boolean ifNotExists = acceptWords("if", "not", "exists");
    Optional<String> name = Optional.empty();
    if (!isWord("on")) {
      name = Optional.of(identifier());
    }
    expectWord("on");
    boolean only = acceptWord("only");
    QualifiedName table = qualifiedName();
    if (acceptWord("using")) {
      identifier();
    }
    List<String> columns = indexKeys();
    Optional<Expression> where = Optional.empty();
    while (!atEnd()) {
      if (acceptWord("where")) {
        where = Optional.of(expressionUntil(Set.of()));
      } else if (acceptWord("include") || acceptWord("with")) {
        skipParenthesised();
      } else if (acceptWord("nulls")) {
        acceptWord("not");
        expectWord("distinct");
      } else if (acceptWord("tablespace")) {
        identifier();
      } else {
        throw error(peek(), "unexpected '" + peek().value() + "' in CREATE INDEX");
      }
    }
    Optional<QualifiedName> indexName = name.map(table::sibling);
    return new Stmt.CreateIndex(
        indexName, table, unique, concurrently, ifNotExists, only, columns, where);
  }

  /** The keys of an index: column names, or the expression text for expression keys. */
  private List<String> indexKeys() {
    expectPunctuation('(');
    List<String> keys = new ArrayList<>();
    do {
      int start = pos;
      int depth = 0;
      while (!atEnd() && !(depth == 0 && (isPunctuation(',') || isPunctuation(')')))) {
        if (isPunctuation('(')) {
          depth++;
        } else if (isPunctuation(')')) {
          depth--;
        }
        pos++;
      }
      if (pos == start) {
        throw error(peek(), "expected an index key");
      }
      Token first = tokens.get(start);
      boolean column =
          first.isIdentifier() && !(pos > start + 1 && tokens.get(start + 1).isPunctuation('('));
      keys.add(column ? first.value() : expression(start, pos).sql());
    } while (acceptPunctuation(','));
    expectPunctuation(')');
    return keys;
  }

  private Stmt createTable(boolean temporary) {
    boolean ifNotExists = acceptWords("if", "not", "exists");
    QualifiedName table = qualifiedName();
    List<ColumnDef> columns = new ArrayList<>();
    List<TableConstraint> constraints = new ArrayList<>();
    List<QualifiedName> likeTables = new ArrayList<>();
    Optional<QualifiedName> partitionOf = Optional.empty();
    boolean asQuery = false;
    if (acceptWord("of")) {
      qualifiedName();
    } else if (acceptWords("partition", "of")) {
      partitionOf = Optional.of(qualifiedName());
    }
    if (isPunctuation('(') && !asQueryAhead()) {
      expectPunctuation('(');
      if (!isPunctuation(')')) {
        do {
          if (isTableConstraintStart()) {
            constraints.add(tableConstraint());
          } else if (acceptWord("like")) {
            likeTables.add(qualifiedName());
            while (acceptWord("including") || acceptWord("excluding")) {
              next();
            }
          } else if (partitionOf.isPresent()) {
            String column = identifier();
            acceptWords("with", "options");
            while (!atEnd() && !isPunctuation(',') && !isPunctuation(')')) {
              if (isPunctuation('(')) {
                skipParenthesised();
              } else {
                next();
              }
            }
            columns.add(
                new ColumnDef(
                    column,
                    new TypeName(column, List.of(), 0, ""),
                    false,
                    Optional.empty(),
                    Optional.empty(),
                    false,
                    false,
                    List.of()));
          } else {
            columns.add(columnDef());
          }
        } while (acceptPunctuation(','));
      }
      expectPunctuation(')');
    } else if (isPunctuation('(')) {
      skipParenthesised();
    }
    boolean partitioned = false;
    while (!atEnd()) {
      if (acceptWord("as")) {
        asQuery = true;
        skipToEnd();
      } else if (acceptWords("partition", "by")) {
        partitioned = true;
        next();
        skipParenthesised();
      } else if (acceptWord("inherits")) {
        skipParenthesised();
      } else if (acceptWord("for")) {
        expectWord("values");
        skipToEndOrWord(Set.of("partition", "using", "with", "tablespace", "on"));
      } else if (acceptWord("default")) {
        continue;
      } else if (acceptWord("using") || acceptWord("tablespace")) {
        identifier();
      } else if (acceptWord("with")) {
        if (isPunctuation('(')) {
          skipParenthesised();
        } else {
          skipToEnd();
        }
      } else if (acceptWords("without", "oids")) {
        continue;
      } else if (acceptWords("on", "commit")) {
        next();
        acceptWord("rows");
      } else {
        throw error(peek(), "unexpected '" + peek().value() + "' in CREATE TABLE");
      }
    }
    return new Stmt.CreateTable(
        table,
        ifNotExists,
        temporary,
        columns,
        constraints,
        partitionOf,
        partitioned,
        asQuery,
        likeTables);
  }

  /** {@code CREATE TABLE t (a, b) AS SELECT ...}: the parentheses list column names only. */
  private boolean asQueryAhead() {
    int depth = 0;
    for (int i = pos; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.isPunctuation('(')) {
        depth++;
      } else if (t.isPunctuation(')')) {
        depth--;
        if (depth == 0) {
          return i + 1 < tokens.size() && tokens.get(i + 1).isWord("as");
        }
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- DROP and maintenance

  private Stmt drop() {
    expectWord("drop");
    if (acceptWord("owned")) {
      return new Stmt.Harmless("drop-owned");
    }
    if (acceptWord("trigger") || acceptWord("policy") || acceptWord("rule")) {
      String kind = tokens.get(pos - 1).value();
      acceptWords("if", "exists");
      identifier();
      expectWord("on");
      return new Stmt.TableObject(kind, "drop", qualifiedName());
    }
    ObjectKind kind = objectKind();
    boolean concurrently = acceptWord("concurrently");
    boolean ifExists = acceptWords("if", "exists");
    List<QualifiedName> names = new ArrayList<>();
    do {
      names.add(qualifiedName());
      if (isPunctuation('(')) {
        skipParenthesised();
      }
    } while (acceptPunctuation(','));
    boolean cascade = dropBehaviour();
    expectEnd();
    return new Stmt.Drop(kind, names, ifExists, cascade, concurrently);
  }

  private ObjectKind objectKind() {
    if (acceptWords("materialized", "view")) {
      return ObjectKind.MATERIALIZED_VIEW;
    }
    if (acceptWords("foreign", "table")) {
      return ObjectKind.FOREIGN_TABLE;
    }
    Token t = next();
    for (ObjectKind kind : ObjectKind.values()) {
      if (kind != ObjectKind.OTHER && t.isWord(kind.sqlName())) {
        return kind;
      }
    }
    while (!atEnd() && MULTI_WORD_KIND_PARTS.contains(peek().value())) {
      next();
    }
    return ObjectKind.OTHER;
  }

  private static final Set<String> MULTI_WORD_KIND_PARTS =
      Set.of(
          "data",
          "wrapper",
          "search",
          "class",
          "family",
          "method",
          "trigger",
          "mapping",
          "configuration",
          "dictionary",
          "parser",
          "template");

  private boolean dropBehaviour() {
    if (acceptWord("cascade")) {
      return true;
    }
    acceptWord("restrict");
    return false;
  }

  private Stmt reindex() {
    expectWord("reindex");
    boolean concurrentOption = isPunctuation('(') && concurrentlyOption(skipParenthesised());
    Token t = next();
    Stmt.ReindexTarget target;
    try {
      target = Stmt.ReindexTarget.valueOf(t.value().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw error(t, "expected INDEX, TABLE, SCHEMA, DATABASE or SYSTEM after REINDEX");
    }
    boolean concurrently = acceptWord("concurrently") || concurrentOption;
    QualifiedName name = atEnd() ? QualifiedName.unqualified("") : qualifiedName();
    expectEnd();
    return new Stmt.Reindex(target, name, concurrently);
  }

  /** Whether a parenthesised option list turns CONCURRENTLY on, as PostgreSQL 14+ allows. */
  private static boolean concurrentlyOption(List<Token> options) {
    for (int i = 0; i < options.size(); i++) {
      if (options.get(i).isWord("concurrently")) {
        Token value = i + 1 < options.size() ? options.get(i + 1) : null;
        return value == null
            || value.isPunctuation(',')
            || !Set.of("false", "off", "0").contains(value.value());
      }
    }
    return false;
  }

  private Stmt truncate() {
    expectWord("truncate");
    acceptWord("table");
    List<QualifiedName> tables = new ArrayList<>();
    do {
      acceptWord("only");
      tables.add(qualifiedName());
      acceptOperator("*");
    } while (acceptPunctuation(','));
    boolean cascade = false;
    while (!atEnd()) {
      if (acceptWord("cascade")) {
        cascade = true;
      } else if (!(acceptWord("restrict")
          || acceptWords("restart", "identity")
          || acceptWords("continue", "identity"))) {
        throw error(peek(), "unexpected '" + peek().value() + "' in TRUNCATE");
      }
    }
    return new Stmt.Truncate(tables, cascade);
  }

  private Stmt vacuum() {
    expectWord("vacuum");
    boolean full = false;
    if (isPunctuation('(')) {
      for (Token t : skipParenthesised()) {
        if (t.isWord("full")) {
          full = true;
        }
      }
    }
    while (isWord("full")
        || isWord("freeze")
        || isWord("verbose")
        || isWord("analyze")
        || isWord("analyse")) {
      if (next().isWord("full")) {
        full = true;
      }
    }
    return new Stmt.Vacuum(full, relationList());
  }

  private Stmt analyze() {
    next();
    if (isPunctuation('(')) {
      skipParenthesised();
    }
    acceptWord("verbose");
    return new Stmt.Analyze(relationList());
  }

  /** A list of tables, each possibly followed by a column list, up to the end. */
  private List<QualifiedName> relationList() {
    List<QualifiedName> tables = new ArrayList<>();
    if (atEnd()) {
      return tables;
    }
    do {
      acceptWord("only");
      tables.add(qualifiedName());
      if (isPunctuation('(')) {
        skipParenthesised();
      }
    } while (acceptPunctuation(','));
    expectEnd();
    return tables;
  }

  private Stmt cluster() {
    expectWord("cluster");
    if (isPunctuation('(')) {
      skipParenthesised();
    }
    acceptWord("verbose");
    if (atEnd()) {
      return new Stmt.Cluster(Optional.empty());
    }
    QualifiedName first = qualifiedName();
    if (acceptWord("on")) {
      return new Stmt.Cluster(Optional.of(qualifiedName()));
    }
    if (acceptWord("using")) {
      identifier();
    }
    expectEnd();
    return new Stmt.Cluster(Optional.of(first));
  }

  private Stmt refresh() {
    expectWord("refresh");
    expectWord("materialized");
    expectWord("view");
    boolean concurrently = acceptWord("concurrently");
    QualifiedName view = qualifiedName();
    if (acceptWord("with")) {
      acceptWord("no");
      expectWord("data");
    }
    expectEnd();
    return new Stmt.RefreshMaterializedView(view, concurrently);
  }

  private Stmt lock() {
    expectWord("lock");
    acceptWord("table");
    List<QualifiedName> tables = new ArrayList<>();
    Set<QualifiedName> only = new java.util.HashSet<>();
    do {
      boolean withoutDescendants = acceptWord("only");
      QualifiedName table = qualifiedName();
      tables.add(table);
      if (withoutDescendants) {
        only.add(table);
      }
      acceptOperator("*");
    } while (acceptPunctuation(','));
    LockMode mode = LockMode.ACCESS_EXCLUSIVE;
    if (acceptWord("in")) {
      StringBuilder words = new StringBuilder();
      while (!atEnd() && !isWord("mode")) {
        words.append(words.isEmpty() ? "" : " ").append(next().value());
      }
      expectWord("mode");
      try {
        mode = LockMode.parse(words.toString());
      } catch (IllegalArgumentException e) {
        throw error(tokens.get(pos - 1), "unknown lock mode '" + words + "'");
      }
    }
    boolean nowait = acceptWord("nowait");
    expectEnd();
    return new Stmt.LockTable(tables, Set.copyOf(only), mode, nowait);
  }

  private Stmt comment() {
    expectWord("comment");
    expectWord("on");
    StringBuilder kind = new StringBuilder();
    while (!atEnd() && COMMENT_KIND_PREFIXES.contains(peek().value())) {
      kind.append(next().value()).append(' ');
    }
    kind.append(next().value());
    String objectKind = kind.toString();
    QualifiedName target;
    if (objectKind.equals("column")) {
      List<String> parts = dottedName();
      if (parts.size() < 2) {
        throw error(peek(), "COMMENT ON COLUMN needs table.column");
      }
      target =
          parts.size() >= 3
              ? new QualifiedName(parts.get(parts.size() - 3), parts.get(parts.size() - 2))
              : QualifiedName.unqualified(parts.get(0));
    } else if (objectKind.equals("constraint")
        || objectKind.equals("trigger")
        || objectKind.equals("policy")
        || objectKind.equals("rule")) {
      identifier();
      expectWord("on");
      acceptWord("domain");
      target = qualifiedName();
    } else {
      target = qualifiedName();
      if (isPunctuation('(')) {
        skipParenthesised();
      }
    }
    skipToEnd();
    return new Stmt.Comment(objectKind, target);
  }

  private static final Set<String> COMMENT_KIND_PREFIXES =
      Set.of("materialized", "foreign", "access", "text", "search", "event", "large");

  private Stmt grant() {
    boolean revoke = next().isWord("revoke");
    while (!atEnd() && !isWord("on")) {
      if (isPunctuation('(')) {
        skipParenthesised();
      } else {
        next();
      }
    }
    List<QualifiedName> tables = new ArrayList<>();
    if (acceptWord("on")) {
      boolean tableTarget = acceptWord("table") || !isObjectKeyword();
      if (tableTarget && !isWord("all")) {
        do {
          tables.add(qualifiedName());
        } while (acceptPunctuation(','));
      }
    }
    skipToEnd();
    return new Stmt.Grant(revoke, tables);
  }

  private boolean isObjectKeyword() {
    return Set.of(
            "sequence",
            "database",
            "domain",
            "foreign",
            "function",
            "procedure",
            "routine",
            "language",
            "large",
            "schema",
            "tablespace",
            "type",
            "parameter",
            "all")
        .contains(peek().value());
  }

  // ---------------------------------------------------------------- DML

  private Stmt update() {
    expectWord("update");
    acceptWord("only");
    QualifiedName table = qualifiedName();
    acceptOperator("*");
    alias(Set.of("set"));
    expectWord("set");
    List<Stmt.Assignment> assignments = new ArrayList<>();
    Set<String> stops = Set.of("from", "where", "returning");
    do {
      if (isPunctuation('(')) {
        List<String> columns = identifierList();
        expectOperator("=");
        Expression value = expressionUntil(stops);
        for (String column : columns) {
          assignments.add(new Stmt.Assignment(column, value));
        }
      } else {
        String column = identifier();
        while (acceptPunctuation('.') || isPunctuation('[')) {
          if (isPunctuation('[')) {
            skipBracketed();
          } else {
            identifier();
          }
        }
        expectOperator("=");
        assignments.add(new Stmt.Assignment(column, expressionUntil(stops)));
      }
    } while (acceptPunctuation(','));
    boolean hasFrom = false;
    Optional<Expression> where = Optional.empty();
    boolean returning = false;
    while (!atEnd()) {
      if (acceptWord("from")) {
        hasFrom = true;
        expressionUntil(Set.of("where", "returning"));
      } else if (acceptWord("where")) {
        where = Optional.of(expressionUntil(Set.of("returning")));
      } else if (acceptWord("returning")) {
        returning = true;
        skipToEnd();
      } else {
        throw error(peek(), "unexpected '" + peek().value() + "' in UPDATE");
      }
    }
    return new Stmt.Update(table, assignments, where, hasFrom, returning);
  }

  private Stmt delete() {
    expectWord("delete");
    expectWord("from");
    acceptWord("only");
    QualifiedName table = qualifiedName();
    acceptOperator("*");
    alias(Set.of("using", "where", "returning"));
    boolean using = false;
    Optional<Expression> where = Optional.empty();
    while (!atEnd()) {
      if (acceptWord("using")) {
        using = true;
        expressionUntil(Set.of("where", "returning"));
      } else if (acceptWord("where")) {
        where = Optional.of(expressionUntil(Set.of("returning")));
      } else if (acceptWord("returning")) {
        skipToEnd();
      } else {
        throw error(peek(), "unexpected '" + peek().value() + "' in DELETE");
      }
    }
    return new Stmt.Delete(table, where, using);
  }

  private Stmt insert() {
    expectWord("insert");
    expectWord("into");
    QualifiedName table = qualifiedName();
    if (acceptWord("as")) {
      identifier();
    }
    if (isPunctuation('(') && !peekIs(1, "select") && !peekIs(1, "with")) {
      skipParenthesised();
    }
    boolean fromQuery = !isWord("values") && !isWord("default");
    skipToEnd();
    return new Stmt.Insert(table, fromQuery);
  }

  private Stmt merge() {
    expectWord("merge");
    expectWord("into");
    acceptWord("only");
    QualifiedName table = qualifiedName();
    skipToEnd();
    return new Stmt.Merge(table);
  }

  private Stmt copy() {
    expectWord("copy");
    acceptWord("binary");
    if (isPunctuation('(')) {
      skipToEnd();
      return new Stmt.Harmless("copy-query");
    }
    QualifiedName table = qualifiedName();
    if (isPunctuation('(')) {
      skipParenthesised();
    }
    boolean from;
    if (acceptWord("from")) {
      from = true;
    } else if (acceptWord("to")) {
      from = false;
    } else {
      throw error(peek(), "expected FROM or TO in COPY");
    }
    skipToEnd();
    return new Stmt.Copy(table, from);
  }

  private void alias(Set<String> followers) {
    if (acceptWord("as")) {
      identifier();
    } else if (!atEnd() && peek().isIdentifier() && !followers.contains(peek().value())) {
      next();
    }
  }

  // ---------------------------------------------------------------- SET, transactions, types

  private Stmt set() {
    expectWord("set");
    boolean local = acceptWord("local");
    acceptWord("session");
    if (atEnd()) {
      throw atEndError("SET needs a parameter");
    }
    if (isWord("transaction")
        || isWord("role")
        || isWord("constraints")
        || (isWord("session") && peekIs(1, "authorization"))) {
      skipToEnd();
      return new Stmt.Harmless("set-" + tokens.get(pos - 1).value());
    }
    if (acceptWords("time", "zone")) {
      return new Stmt.SetVariable("timezone", Optional.of(valueText()), local);
    }
    List<String> name = dottedName();
    if (!acceptWord("to") && !acceptOperator("=")) {
      throw errorAtCursor("expected TO or = after SET " + String.join(".", name) + describeFound());
    }
    if (acceptWord("default")) {
      expectEnd();
      return new Stmt.SetVariable(String.join(".", name), Optional.empty(), local);
    }
    return new Stmt.SetVariable(String.join(".", name), Optional.of(valueText()), local);
  }

  private String valueText() {
    if (atEnd()) {
      throw atEndError("SET needs a value");
    }
    StringBuilder value = new StringBuilder();
    while (!atEnd()) {
      Token t = next();
      value.append(value.isEmpty() || t.isPunctuation(',') ? "" : " ");
      value.append(t.isPunctuation(',') ? "," : t.value());
    }
    return value.toString();
  }

  private Stmt reset() {
    expectWord("reset");
    return new Stmt.ResetVariable(String.join(".", dottedName()));
  }

  private Stmt transaction() {
    Token t = next();
    Stmt.TransactionCommand command =
        switch (t.value()) {
          case "begin", "start" -> Stmt.TransactionCommand.BEGIN;
          case "commit", "end" -> Stmt.TransactionCommand.COMMIT;
          case "savepoint" -> Stmt.TransactionCommand.SAVEPOINT;
          case "release" -> Stmt.TransactionCommand.RELEASE_SAVEPOINT;
          default -> Stmt.TransactionCommand.ROLLBACK;
        };
    if (t.isWord("start")) {
      expectWord("transaction");
    }
    if (t.isWord("commit") && isWord("prepared")) {
      command = Stmt.TransactionCommand.COMMIT_PREPARED;
    } else if ((t.isWord("rollback")) && isWord("prepared")) {
      command = Stmt.TransactionCommand.ROLLBACK_PREPARED;
    } else if (command == Stmt.TransactionCommand.ROLLBACK) {
      acceptWord("work");
      acceptWord("transaction");
      if (acceptWord("to")) {
        command = Stmt.TransactionCommand.ROLLBACK_TO_SAVEPOINT;
      }
    }
    skipToEnd();
    return new Stmt.TransactionControl(command);
  }

  private Stmt prepare() {
    expectWord("prepare");
    if (acceptWord("transaction")) {
      skipToEnd();
      return new Stmt.TransactionControl(Stmt.TransactionCommand.PREPARE_TRANSACTION);
    }
    skipToEnd();
    return new Stmt.Harmless("prepare");
  }

  private Stmt alterType() {
    QualifiedName type = qualifiedName();
    if (acceptWord("add") && acceptWord("value")) {
      acceptWords("if", "not", "exists");
      Token value = next();
      if (value.type() != TokenType.STRING) {
        throw error(value, "ALTER TYPE ... ADD VALUE needs a string constant");
      }
      skipToEnd();
      return new Stmt.AlterType(type, true, Optional.of(value.value()));
    }
    skipToEnd();
    return new Stmt.AlterType(type, false, Optional.empty());
  }

  private Stmt alterDomain() {
    QualifiedName domain = qualifiedName();
    if (acceptWord("add")) {
      TableConstraint constraint = domainConstraint();
      expectEnd();
      return new Stmt.AlterDomain(
          domain, "add-constraint", constraint.notValid(), Optional.of(constraint));
    }
    String change;
    if (acceptWords("validate", "constraint")) {
      change = "validate-constraint";
      skipToEnd();
    } else {
      StringBuilder words = new StringBuilder();
      while (!atEnd() && peek().type() == TokenType.WORD && words.length() < 40) {
        words.append(words.isEmpty() ? "" : "-").append(next().value());
        if (isWord("to") || isWord("constraint")) {
          break;
        }
      }
      change = words.toString();
      skipToEnd();
    }
    return new Stmt.AlterDomain(domain, change, false, Optional.empty());
  }

  /** {@code [CONSTRAINT name] CHECK (expr) | NOT NULL}, then its attributes (NOT VALID). */
  private TableConstraint domainConstraint() {
    int start = pos;
    Optional<String> name = Optional.empty();
    if (acceptWord("constraint")) {
      name = Optional.of(identifier());
    }
    TableConstraint.Kind kind;
    Optional<Expression> check = Optional.empty();
    if (acceptWord("check")) {
      kind = TableConstraint.Kind.CHECK;
      check = Optional.of(parenthesisedExpression());
    } else if (acceptWords("not", "null")) {
      kind = TableConstraint.Kind.NOT_NULL;
    } else {
      throw error(atEnd() ? last() : peek(), "expected CHECK or NOT NULL");
    }
    boolean notValid = constraintAttributes();
    return new TableConstraint(
        name,
        kind,
        List.of(),
        check,
        Optional.empty(),
        List.of(),
        Optional.empty(),
        notValid,
        expression(start, pos).sql());
  }

  private TypeName typeName() {
    if (atEnd()) {
      throw atEndError("expected a type name");
    }
    int start = pos;
    String name;
    Token first = next();
    if (!first.isIdentifier()) {
      throw error(first, "expected a type name");
    }
    String word = first.value();
    if (first.type() == TokenType.WORD && word.equals("double") && acceptWord("precision")) {
      name = "double precision";
    } else if (first.type() == TokenType.WORD
        && (word.equals("character") || word.equals("char") || word.equals("national"))) {
      if (word.equals("national")) {
        next();
      }
      name = acceptWord("varying") ? "character varying" : "character";
    } else if (first.type() == TokenType.WORD && word.equals("bit") && acceptWord("varying")) {
      name = "bit varying";
    } else if (first.type() == TokenType.WORD
        && (word.equals("timestamp") || word.equals("time"))) {
      List<String> precision = isPunctuation('(') ? modifiers() : List.of();
      boolean withZone = false;
      if (acceptWords("with", "time", "zone")) {
        withZone = true;
      } else {
        acceptWords("without", "time", "zone");
      }
      name = word + (withZone ? " with time zone" : " without time zone");
      return finishType(name, precision, start);
    } else if (first.type() == TokenType.WORD && word.equals("interval")) {
      while (isWord("year")
          || isWord("month")
          || isWord("day")
          || isWord("hour")
          || isWord("minute")
          || isWord("second")
          || isWord("to")) {
        next();
      }
      name = "interval";
    } else {
      name = TypeName.canonical(word);
      if (acceptPunctuation('.')) {
        name = word + "." + identifier();
      }
    }
    if (name.equals("character") && !isPunctuation('(')) {
      return finishType(name, List.of("1"), start);
    }
    List<String> modifiers = isPunctuation('(') ? modifiers() : List.of();
    if (name.equals("float")) {
      name = floatType(modifiers);
      modifiers = List.of();
    }
    return finishType(name, modifiers, start);
  }

  private static String floatType(List<String> modifiers) {
    if (modifiers.isEmpty()) {
      return "double precision";
    }
    try {
      return Integer.parseInt(modifiers.get(0)) <= 24 ? "real" : "double precision";
    } catch (NumberFormatException e) {
      return "double precision";
    }
  }

  private TypeName finishType(String name, List<String> modifiers, int start) {
    int dimensions = 0;
    while (true) {
      if (isPunctuation('[')) {
        skipBracketed();
        dimensions++;
      } else if (acceptWord("array")) {
        if (isPunctuation('[')) {
          skipBracketed();
        }
        dimensions++;
      } else {
        break;
      }
    }
    return new TypeName(name, modifiers, dimensions, expression(start, pos).sql());
  }

  private List<String> modifiers() {
    List<String> values = new ArrayList<>();
    for (Token t : skipParenthesised()) {
      if (!t.isPunctuation(',')) {
        values.add(t.value());
      }
    }
    return values;
  }

  // ---------------------------------------------------------------- building blocks

  private QualifiedName qualifiedName() {
    List<String> parts = dottedName();
    if (parts.size() == 1) {
      return QualifiedName.unqualified(parts.get(0));
    }
    return new QualifiedName(parts.get(parts.size() - 2), parts.get(parts.size() - 1));
  }

  private List<String> dottedName() {
    List<String> parts = new ArrayList<>();
    parts.add(identifier());
    while (acceptPunctuation('.')) {
      parts.add(identifier());
    }
    return parts;
  }

  private String identifier() {
    if (atEnd()) {
      throw atEndError("expected a name");
    }
    Token t = peek();
    if (!t.isIdentifier()) {
      throw error(t, "expected a name but found '" + t.value() + "'");
    }
    pos++;
    return t.value();
  }

  private String identifierOrString() {
    Token t = next();
    if (!t.isIdentifier() && t.type() != TokenType.STRING) {
      throw error(t, "expected a name");
    }
    return t.value();
  }

  private List<String> identifierList() {
    expectPunctuation('(');
    List<String> names = new ArrayList<>();
    do {
      names.add(identifier());
      while (!atEnd() && !isPunctuation(',') && !isPunctuation(')')) {
        if (isPunctuation('(')) {
          skipParenthesised();
        } else {
          next(); // ASC, COLLATE "x", opclass, WITH operator ...
        }
      }
    } while (acceptPunctuation(','));
    expectPunctuation(')');
    return names;
  }

  private List<String> parameterNames() {
    List<String> names = new ArrayList<>();
    List<Token> inside = skipParenthesised();
    boolean expectName = true;
    for (Token t : inside) {
      if (t.isPunctuation(',')) {
        expectName = true;
      } else if (expectName && t.isIdentifier()) {
        names.add(t.value());
        expectName = false;
      }
    }
    return names;
  }

  private Expression parenthesisedExpression() {
    if (!isPunctuation('(')) {
      throw errorAtCursor("expected '('" + describeFound());
    }
    int start = pos + 1;
    skipParenthesised();
    return expression(start, pos - 1);
  }

  /** An expression up to a comma or closing parenthesis at depth 0, a stop word, or the end. */
  private Expression expressionUntil(Set<String> stopWords) {
    int start = pos;
    int depth = 0;
    while (!atEnd()) {
      Token t = peek();
      if (depth == 0
          && (t.isPunctuation(',')
              || t.isPunctuation(')')
              || (t.type() == TokenType.WORD && stopWords.contains(t.value())))) {
        break;
      }
      if (t.isPunctuation('(') || t.isPunctuation('[')) {
        depth++;
      } else if (t.isPunctuation(')') || t.isPunctuation(']')) {
        depth--;
      } else if (t.isWord("case")) {
        depth++;
      } else if (t.isWord("end") && depth > 0) {
        depth--;
      }
      pos++;
    }
    if (pos == start) {
      throw errorAtCursor("expected an expression" + describeFound());
    }
    return expression(start, pos);
  }

  private Expression expression(int from, int to) {
    if (to <= from) {
      return new Expression("", List.of());
    }
    int base = tokens.get(0).start();
    String sql =
        source.text().substring(tokens.get(from).start() - base, tokens.get(to - 1).end() - base);
    return new Expression(sql, tokens.subList(from, to));
  }

  private List<Token> skipParenthesised() {
    expectPunctuation('(');
    int start = pos;
    int depth = 1;
    while (!atEnd()) {
      Token t = next();
      if (t.isPunctuation('(')) {
        depth++;
      } else if (t.isPunctuation(')')) {
        depth--;
        if (depth == 0) {
          return tokens.subList(start, pos - 1);
        }
      }
    }
    throw atEndError("missing ')'");
  }

  private void skipBracketed() {
    int depth = 0;
    do {
      Token t = next();
      if (t.isPunctuation('[')) {
        depth++;
      } else if (t.isPunctuation(']')) {
        depth--;
      }
    } while (depth > 0 && !atEnd());
  }

  private void skipToActionEnd() {
    int depth = 0;
    while (!atEnd() && !(depth == 0 && isPunctuation(','))) {
      Token t = next();
      if (t.isPunctuation('(')) {
        depth++;
      } else if (t.isPunctuation(')')) {
        depth--;
      }
    }
  }

  private void skipToEndOrWord(Set<String> words) {
    int depth = 0;
    while (!atEnd()) {
      Token t = peek();
      if (depth == 0 && t.type() == TokenType.WORD && words.contains(t.value())) {
        return;
      }
      if (t.isPunctuation('(')) {
        depth++;
      } else if (t.isPunctuation(')')) {
        depth--;
      }
      pos++;
    }
  }

  private void skipToEnd() {
    pos = tokens.size();
  }

  private boolean atEnd() {
    return pos >= tokens.size();
  }

  private Token peek() {
    if (atEnd()) {
      throw atEndError("unexpected end of statement");
    }
    return tokens.get(pos);
  }

  private Token next() {
    Token t = peek();
    pos++;
    return t;
  }

  private Token last() {
    return tokens.get(tokens.size() - 1);
  }

  private boolean isWord(String word) {
    return !atEnd() && tokens.get(pos).isWord(word);
  }

  private boolean peekIs(int ahead, String word) {
    return pos + ahead < tokens.size() && tokens.get(pos + ahead).isWord(word);
  }

  private boolean peekIsPunctuation(int ahead, char c) {
    return pos + ahead < tokens.size() && tokens.get(pos + ahead).isPunctuation(c);
  }

  private boolean isPunctuation(char c) {
    return !atEnd() && tokens.get(pos).isPunctuation(c);
  }

  private boolean acceptWord(String word) {
    if (isWord(word)) {
      pos++;
      return true;
    }
    return false;
  }

  /** Accepts the whole sequence or nothing. */
  private boolean acceptWords(String... words) {
    for (int i = 0; i < words.length; i++) {
      if (!peekIs(i, words[i])) {
        return false;
      }
    }
    pos += words.length;
    return true;
  }

  private boolean acceptPunctuation(char c) {
    if (isPunctuation(c)) {
      pos++;
      return true;
    }
    return false;
  }

  private boolean acceptOperator(String operator) {
    if (!atEnd() && tokens.get(pos).isOperator(operator)) {
      pos++;
      return true;
    }
    return false;
  }

  private void expectWord(String word) {
    if (!acceptWord(word)) {
      throw errorAtCursor("expected " + word.toUpperCase(Locale.ROOT) + describeFound());
    }
  }

  private void expectPunctuation(char c) {
    if (!acceptPunctuation(c)) {
      throw errorAtCursor("expected '" + c + "'" + describeFound());
    }
  }

  private void expectOperator(String operator) {
    if (!acceptOperator(operator)) {
      throw errorAtCursor("expected '" + operator + "'" + describeFound());
    }
  }

  private void expectEnd() {
    if (!atEnd()) {
      throw error(peek(), "unexpected '" + peek().value() + "'");
    }
  }

  private String describeFound() {
    return atEnd() ? " at the end of the statement" : " but found '" + peek().value() + "'";
  }

  /** An error where the parser stands: at the next token, or just after the last one. */
  private SyntaxException errorAtCursor(String message) {
    if (!atEnd()) {
      return error(peek(), message);
    }
    return new SyntaxException(message, afterLastToken());
  }

  /** An error at the end of the statement: it points just after the last token. */
  private SyntaxException atEndError(String message) {
    return new SyntaxException(message + " at the end of the statement", afterLastToken());
  }

  private SourcePosition afterLastToken() {
    Token last = last();
    String lastText =
        source
            .text()
            .substring(last.start() - tokens.get(0).start(), last.end() - tokens.get(0).start());
    int column = lastText.contains("\n") ? last.column() : last.column() + lastText.length();
    return new SourcePosition(source.file(), last.line(), column);
  }

  private SyntaxException error(Token at, String message) {
    return new SyntaxException(message, new SourcePosition(source.file(), at.line(), at.column()));
  }

  private static final class SyntaxException extends RuntimeException {
    private final SourcePosition position;

    SyntaxException(String message, SourcePosition position) {
      super(message, null, false, false);
      this.position = position;
    }
  }
}
