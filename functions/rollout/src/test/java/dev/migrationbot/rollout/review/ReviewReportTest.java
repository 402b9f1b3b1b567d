package dev.migrationbot.rollout.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrationbot.analyzer.MigrationFile;
import dev.migrationbot.rollout.command.ApprovalEvaluator;
import dev.migrationbot.rollout.config.ApprovalPolicy;
import dev.migrationbot.rollout.config.RepositoryConfig;
import dev.migrationbot.rollout.port.ChangedFile;
import dev.migrationbot.rollout.port.RepositoryRef;
import dev.migrationbot.rollout.port.memory.InMemoryGitHub;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReviewReportTest {

  @Test
  void aHugeReviewDegradesToSummariesWithinGitHubsLimit() {
    RepositoryRef repo = RepositoryRef.of("acme", "shop");
    InMemoryGitHub github = new InMemoryGitHub("bot");
    List<ChangedFile> changed = new ArrayList<>();
    for (int f = 0; f < 40; f++) {
      String path = "db/migrations/V" + f + "__big.sql";
      changed.add(new ChangedFile(path, ChangedFile.Status.ADDED, Optional.empty()));
      StringBuilder sql = new StringBuilder();
      for (int i = 0; i < 60; i++) {
        sql.append("CREATE INDEX t")
            .append(f)
            .append('_')
            .append(i)
            .append(" ON orders (c")
            .append(i)
            .append(");\n");
      }
      github.givenFile(repo, "a".repeat(40), path, sql.toString());
    }
    github.givenChangedFiles(repo, 1, changed);
    MigrationReview review =
        new MigrationReviewer(github, github)
            .review(repo, 1, "a".repeat(40), RepositoryConfig.DEFAULT)
            .orElseThrow();
    ReviewReport.View view =
        new ReviewReport.View(
            review,
            ApprovalEvaluator.evaluate(
                List.of(),
                "dev",
                ApprovalPolicy.DEFAULT,
                review.fingerprint(),
                review.analysis().highestSeverity()),
            List.of(),
            Optional.empty(),
            false);

    String comment = new ReviewReport(Optional.empty()).comment(view, "<!-- state -->");

    assertThat(comment.length()).isLessThanOrEqualTo(ReviewReport.COMMENT_LIMIT);
    assertThat(comment).startsWith(ReviewReport.MARKER).endsWith("<!-- state -->");
    assertThat(comment)
        .contains("| File | Statements |")
        .contains("this comment would exceed GitHub's size limit");
    assertThat(review.files())
        .extracting(MigrationFile::path)
        .startsWith(
            "db/migrations/V0__big.sql", "db/migrations/V1__big.sql", "db/migrations/V2__big.sql");
  }
}
