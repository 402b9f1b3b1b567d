package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.RuleInfo;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The one list of rules. A completeness test checks every rule's docs and fixtures. */
public final class RuleCatalog {

  private RuleCatalog() {}

  public static final List<Rule> ALL =
      List.of(
          new AddingVolatileDefault(),
          new AddingRequiredColumn(),
          new ChangingColumnType(),
          new SettingNotNullWithScan(),
          new DroppingNotNull(),
          new RenamingColumn(),
          new DroppingColumn(),
          new AddingRewritingColumn(),
          new PreferJsonb(),
          new PreferTimestamptz(),
          new PreferBigintKey(),
          new AddingCheckWithoutNotValid(),
          new ValidatingInSameTransaction(),
          new AddingUniqueWithoutIndex(),
          new AddingExclusionConstraint(),
          new AddingDomainConstraint(),
          new AddingForeignKeyWithoutNotValid(),
          new CreatingIndexWithoutConcurrently(),
          new ConcurrentlyInTransaction(),
          new ConcurrentlyOnPartitionedTable(),
          new DroppingIndexWithoutConcurrently(),
          new ReindexingWithoutConcurrently(),
          new DetachingPartitionWithoutConcurrently(),
          new RenamingTable(),
          new DroppingTable(),
          new TruncatingTable(),
          new RewritingMaintenance(),
          new RefreshingMaterializedViewWithoutConcurrently(),
          new LockingTable(),
          new CreatingTriggerOnExistingTable(),
          new RewritingTableStorage(),
          new StatementsAfterAccessExclusive(),
          new FullTableUpdate(),
          new UnterminatedTransaction());

  /** Every rule's metadata: statement rules, then the analyzer's own. */
  public static List<RuleInfo> infos() {
    return Stream.concat(ALL.stream().map(Rule::info), MetaRules.all().stream()).toList();
  }

  public static Optional<RuleInfo> info(String id) {
    return infos().stream().filter(i -> i.id().equals(id)).findFirst();
  }
}
