package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.sql.AlterAction;
import dev.migrationbot.analyzer.sql.ColumnDef;
import dev.migrationbot.analyzer.sql.Stmt;
import java.util.List;

/**
 * The columns a statement defines, for the rules that advise on column types: those of CREATE TABLE
 * (temporary tables aside) and of ALTER TABLE ... ADD COLUMN, on new and existing tables alike,
 * since a type is chosen once and changing it later rewrites the table.
 */
final class NewColumns {

  private NewColumns() {}

  static List<ColumnDef> of(Stmt statement) {
    // a partition's columns are the parent's: their types were chosen there
    if (statement instanceof Stmt.CreateTable create
        && !create.temporary()
        && create.partitionOf().isEmpty()) {
      return create.columns();
    }
    if (statement instanceof Stmt.AlterTable alter
        && alter.relationKind() == Stmt.RelationKind.TABLE) {
      return RuleSupport.actions(alter, AlterAction.AddColumn.class).stream()
          .map(AlterAction.AddColumn::column)
          .toList();
    }
    return List.of();
  }
}
