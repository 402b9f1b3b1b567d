package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.Identifiers;
import dev.migrationbot.analyzer.LockMode;
import dev.migrationbot.analyzer.sql.AlterAction;
import dev.migrationbot.analyzer.sql.Stmt;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Small helpers shared by rules. */
final class RuleSupport {

  private RuleSupport() {}

  /** The ALTER TABLE of a table that exists before the migration, if the statement is one. */
  static Optional<Stmt.AlterTable> alterOfExistingTable(StatementContext context) {
    if (context.statement() instanceof Stmt.AlterTable alter
        && alter.relationKind() == Stmt.RelationKind.TABLE
        && !context.isNew(alter.table())) {
      return Optional.of(alter);
    }
    return Optional.empty();
  }

  static <T extends AlterAction> List<T> actions(Stmt.AlterTable alter, Class<T> type) {
    return alter.actions().stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** "reads, writes and schema changes" for ACCESS EXCLUSIVE, and so on. */
  static String blocked(LockMode mode) {
    List<String> parts =
        mode.blocks().stream()
            .map(b -> b == LockMode.Blocked.DDL ? "schema changes" : b.displayName())
            .toList();
    if (parts.isEmpty()) {
      return "nothing";
    }
    if (parts.size() == 1) {
      return parts.get(0);
    }
    return String.join(", ", parts.subList(0, parts.size() - 1))
        + " and "
        + parts.get(parts.size() - 1);
  }

  static String quote(String identifier) {
    return Identifiers.quote(identifier);
  }

  static String columns(List<String> columns) {
    return columns.stream().map(Identifiers::quote).collect(Collectors.joining(", "));
  }
}
