package dev.migrationbot.analyzer.sql;

import dev.migrationbot.analyzer.QualifiedName;
import java.util.List;
import java.util.Optional;

/** One subcommand of ALTER TABLE. */
public sealed interface AlterAction {

  record AddColumn(ColumnDef column, boolean ifNotExists) implements AlterAction {}

  record DropColumn(String column, boolean ifExists, boolean cascade) implements AlterAction {}

  record AlterColumnType(String column, TypeName type, Optional<Expression> using)
      implements AlterAction {}

  record SetDefault(String column, Expression value) implements AlterAction {}

  record DropDefault(String column) implements AlterAction {}

  record SetNotNull(String column) implements AlterAction {}

  record DropNotNull(String column) implements AlterAction {}

  /** ADD GENERATED ... AS IDENTITY, SET GENERATED, DROP IDENTITY, DROP EXPRESSION and the like. */
  record AlterColumnGeneration(String column, String change) implements AlterAction {}

  /** SET STATISTICS, SET (attribute options), RESET (...). */
  record SetColumnStatistics(String column) implements AlterAction {}

  /** SET STORAGE, SET COMPRESSION. */
  record SetColumnStorage(String column, String change) implements AlterAction {}

  record AddConstraint(TableConstraint constraint) implements AlterAction {}

  record ValidateConstraint(String constraint) implements AlterAction {}

  record DropConstraint(String constraint, boolean ifExists, boolean cascade)
      implements AlterAction {}

  /** ALTER CONSTRAINT ... [NOT] DEFERRABLE / ENFORCED and the like. */
  record AlterConstraint(String constraint) implements AlterAction {}

  record RenameColumn(String from, String to) implements AlterAction {}

  record RenameTable(String to) implements AlterAction {}

  record RenameConstraint(String from, String to) implements AlterAction {}

  record SetSchema(String schema) implements AlterAction {}

  record AttachPartition(QualifiedName partition) implements AlterAction {}

  record DetachPartition(QualifiedName partition, boolean concurrently, boolean finalizing)
      implements AlterAction {}

  /** ENABLE / DISABLE [REPLICA | ALWAYS] TRIGGER name | ALL | USER. */
  record SetTriggerState(String trigger, boolean enable) implements AlterAction {}

  /** ENABLE / DISABLE / FORCE / NO FORCE ROW LEVEL SECURITY. */
  record RowLevelSecurity(String change) implements AlterAction {}

  /** SET ( storage_parameter = value, ... ) or RESET ( ... ). */
  record SetStorageParameters(List<String> parameters) implements AlterAction {}

  /** CLUSTER ON index, SET WITHOUT CLUSTER. */
  record ClusterOn(Optional<String> index) implements AlterAction {}

  /** SET TABLESPACE, SET LOGGED, SET UNLOGGED, SET ACCESS METHOD: rewrite the table. */
  record SetPersistence(String change) implements AlterAction {}

  /** OWNER TO, REPLICA IDENTITY, INHERIT, NO INHERIT, OF, NOT OF, ENABLE/DISABLE RULE, ... */
  record Other(String change) implements AlterAction {}
}
