package dev.migrationbot.rollout.engine;

import dev.migrationbot.analyzer.AnalysisContext;
import dev.migrationbot.analyzer.AnalyzedStatement;
import dev.migrationbot.analyzer.Analyzer;
import dev.migrationbot.analyzer.LockClaim;
import dev.migrationbot.analyzer.LockMode;
import dev.migrationbot.analyzer.MigrationFile;
import dev.migrationbot.analyzer.QualifiedName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The table locks a schema step takes, worked out by the analyzer from the step's own SQL: what
 * runs is what is checked, whatever the plan was compiled from. Statements the analyzer does not
 * model contribute nothing; their attempts are still bounded by lock_timeout.
 */
public final class StepLocks {

  private StepLocks() {}

  public static List<LockClaim> of(List<String> statements, int pgMajor) {
    String sql = String.join(";\n", statements);
    int major = Math.max(11, Math.min(18, pgMajor));
    Map<QualifiedName, LockMode> strongest = new LinkedHashMap<>();
    new Analyzer()
        .analyze(List.of(new MigrationFile("step.sql", sql)), AnalysisContext.of(major))
        .files()
        .forEach(
            f -> {
              for (AnalyzedStatement s : f.statements()) {
                for (LockClaim claim : s.facts().locks()) {
                  strongest.merge(claim.relation(), claim.mode(), LockMode::max);
                }
              }
            });
    List<LockClaim> claims = new ArrayList<>();
    strongest.forEach((relation, mode) -> claims.add(new LockClaim(relation, mode)));
    return claims;
  }
}
