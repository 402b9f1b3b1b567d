package dev.migrationbot.rollout.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {

  @ParameterizedTest(name = "{0} matches {1}: {2}")
  @CsvSource({
    "**/migrations/**/*.sql, migrations/V1__init.sql, true",
    "**/migrations/**/*.sql, services/billing/migrations/2026/V2__add.sql, true",
    "**/migrations/**/*.sql, migrations/readme.md, false",
    "**/migrations/**/*.sql, my-migrations/V1.sql, false",
    "db/migrate/**/*.sql, db/migrate/20261125_add.sql, true",
    "db/migrate/**/*.sql, app/db/migrate/1.sql, false",
    "db/*.sql, db/a.sql, true",
    "db/*.sql, db/sub/a.sql, false",
    "db/V?__*.sql, db/V1__x.sql, true",
    "db/V?__*.sql, db/V12__x.sql, false",
    "db/**, db/a/b/c.sql, true",
    "'db/*.{sql,psql}', db/a.psql, true",
    "'db/*.{sql,psql}', db/a.txt, false",
    "db/[0-9]*.sql, db/1_a.sql, true",
    "db/[!0-9]*.sql, db/1_a.sql, false",
    "db/a+b.sql, db/a+b.sql, true",
    "db/a+b.sql, db/aab.sql, false"
  })
  void matchesPathsLikeGitDoes(String pattern, String path, boolean matches) {
    assertThat(Glob.compile(pattern).matches(path)).isEqualTo(matches);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/db/*.sql | drop the leading '/'",
        "db\\*.sql | use '/' between directories",
        "db/**.sql | '**' must be a whole path segment",
        "db/[abc.sql | '[' at position 3 is never closed",
        "db/{a,b.sql | '{' is never closed",
        "db/a}.sql | '}' at position 4 has no matching '{'",
        "'  ' | the pattern is empty"
      })
  void rejectsBadPatternsSayingWhy(String pattern, String message) {
    assertThatThrownBy(() -> Glob.compile(pattern))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
