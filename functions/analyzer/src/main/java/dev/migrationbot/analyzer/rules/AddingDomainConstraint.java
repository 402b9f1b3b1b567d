package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.QualifiedName;
import dev.migrationbot.analyzer.RuleInfo;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.VersionRange;
import dev.migrationbot.analyzer.sql.Stmt;
import dev.migrationbot.analyzer.sql.TableConstraint;
import java.util.List;
import java.util.stream.Collectors;

/**
 * ALTER DOMAIN ... ADD CONSTRAINT (or SET NOT NULL) checks every stored value of the domain,
 * holding SHARE on each table with a column of it.
 */
public final class AddingDomainConstraint implements Rule {

  static final RuleInfo INFO =
      new RuleInfo(
          "adding-domain-constraint",
          "MB206",
          Severity.WARNING,
          "ALTER DOMAIN ... ADD CONSTRAINT without NOT VALID (or SET NOT NULL).",
          "Adding a constraint to a domain checks every value stored in every column of that"
              + " domain, holding SHARE on each of those tables: writes to all of them wait for"
              + " the whole scan, and the tables are easy to overlook because the statement names"
              + " only the domain. Added NOT VALID, the constraint applies to new and updated"
              + " values at once without a scan. Unlike VALIDATE on a table, ALTER DOMAIN ..."
              + " VALIDATE CONSTRAINT still holds SHARE while it scans, so run it, if at all, when"
              + " writes to those tables can pause, or put the CHECK on the columns instead.",
          "ALTER DOMAIN <domain> ADD CONSTRAINT <name> CHECK (<condition>) NOT VALID;\n"
              + "-- when writes to the tables using the domain can pause:\n"
              + "ALTER DOMAIN <domain> VALIDATE CONSTRAINT <name>;",
          VersionRange.ALL);

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public void check(StatementContext context) {
    if (!(context.statement() instanceof Stmt.AlterDomain domain)) {
      return;
    }
    boolean setNotNull = domain.change().equals("set-not-null");
    if (!setNotNull && (domain.constraint().isEmpty() || domain.notValid())) {
      return;
    }
    QualifiedName d = domain.domain();
    List<QualifiedName> tables =
        context.schema().tablesStoring(d).stream().filter(t -> !context.isNew(t)).toList();
    if (tables.isEmpty() && context.schema().isNewDomain(d)) {
      return; // created by this migration and used by no existing table: no rows to check
    }
    String name;
    String added;
    if (setNotNull) {
      name = d.name() + "_not_null";
      added = "CONSTRAINT " + RuleSupport.quote(name) + " CHECK (VALUE IS NOT NULL) NOT VALID";
    } else {
      TableConstraint c = domain.constraint().get();
      String suffix = c.kind() == TableConstraint.Kind.NOT_NULL ? "_not_null" : "_check";
      name = c.name().orElse(d.name() + suffix);
      added =
          (c.name().isPresent() ? "" : "CONSTRAINT " + RuleSupport.quote(name) + " ")
              + c.sqlNotValid();
    }
    String where =
        tables.isEmpty()
            ? "every table with a column of the domain"
            : tables.stream().map(QualifiedName::toString).collect(Collectors.joining(", "));
    String sizes = tables.stream().map(context::sizeNote).collect(Collectors.joining());
    context.report(
        "ALTER DOMAIN "
            + d
            + (setNotNull ? " SET NOT NULL" : " ADD CONSTRAINT " + name)
            + " checks every stored value of the domain, holding SHARE on "
            + where
            + sizes
            + ": writes to "
            + (tables.size() == 1 ? "it" : "them")
            + " wait for the whole scan.",
        "ALTER DOMAIN "
            + d.sql()
            + " ADD "
            + added
            + ";\n-- new and updated values are checked from now on; VALIDATE still holds SHARE"
            + " while it scans,\n-- so run it when writes to "
            + where
            + " can pause:\nALTER DOMAIN "
            + d.sql()
            + " VALIDATE CONSTRAINT "
            + RuleSupport.quote(name)
            + ";");
  }
}
