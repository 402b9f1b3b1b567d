package dev.migrationbot.analyzer.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SplitterTest {

  private static List<SourceStatement> split(String sql) {
    return Splitter.split("V1__test.sql", sql);
  }

  private static List<String> texts(String sql) {
    return split(sql).stream().map(SourceStatement::text).toList();
  }

  @Test
  void splitsOnSemicolonsAndKeepsPositions() {
    List<SourceStatement> statements =
        split("CREATE TABLE a (id int);\n\n  ALTER TABLE a\n    ADD COLUMN b text;\n");
    assertThat(statements)
        .extracting(SourceStatement::text)
        .containsExactly("CREATE TABLE a (id int)", "ALTER TABLE a\n    ADD COLUMN b text");
    assertThat(statements.get(1).position()).isEqualTo(new SourcePosition("V1__test.sql", 3, 3));
    assertThat(statements.get(1).endLine()).isEqualTo(4);
    assertThat(statements.get(1).index()).isEqualTo(2);
  }

  @Test
  void lastStatementMayLackASemicolon() {
    assertThat(texts("SELECT 1; SELECT 2")).containsExactly("SELECT 1", "SELECT 2");
  }

  @Test
  void emptyStatementsAndCommentOnlyFilesYieldNothing() {
    assertThat(texts(";;  ;\n-- only a comment\n/* and a block */")).isEmpty();
  }

  @Test
  void semicolonsInsideStringsDoNotSplit() {
    assertThat(
            texts(
                "INSERT INTO t VALUES ('a;b', 'it''s; fine');"
                    + " INSERT INTO t VALUES (E'\\'; still inside');"
                    + " SELECT U&'d\\0061t;a', B'1;0' , X'1F;';"))
        .hasSize(3);
  }

  @Test
  void dollarQuotesWithAndWithoutTags() {
    String sql =
        """
        CREATE FUNCTION f() RETURNS void AS $$ BEGIN PERFORM 1; END; $$ LANGUAGE plpgsql;
        CREATE FUNCTION g() RETURNS text AS $body$ SELECT 'x;y' || $inner$;$inner$; $body$ LANGUAGE sql;
        SELECT $1, a$b FROM t;
        """;
    assertThat(texts(sql)).hasSize(3);
    assertThat(split(sql).get(2).tokens())
        .extracting(Token::type)
        .contains(TokenType.PARAMETER, TokenType.WORD);
  }

  @Test
  void quotedIdentifiersKeepCaseAndMayHoldSemicolons() {
    List<SourceStatement> statements =
        split("ALTER TABLE \"Odd;Name\" ADD COLUMN \"Col\"\"X\" int;");
    assertThat(statements).hasSize(1);
    assertThat(statements.get(0).tokens())
        .filteredOn(t -> t.type() == TokenType.QUOTED_IDENTIFIER)
        .extracting(Token::value)
        .containsExactly("Odd;Name", "Col\"X");
  }

  @Test
  void commentsIncludingNestedBlocksDoNotSplit() {
    String sql =
        "SELECT 1 /* outer /* inner; */ still; comment */ + 2; -- trailing; comment\nSELECT 3;";
    assertThat(texts(sql))
        .containsExactly("SELECT 1 /* outer /* inner; */ still; comment */ + 2", "SELECT 3");
  }

  @Test
  void leadingCommentsBelongToTheNextStatement() {
    String sql =
        """
        SELECT 1; -- about select 1? no: this trails it
        -- migration-bot: ignore require-concurrent-index reason here
        CREATE INDEX i ON t (a);
        """;
    List<SourceStatement> statements = split(sql);
    assertThat(statements.get(1).leadingComments())
        .extracting(Token::value)
        .containsExactly(
            "-- about select 1? no: this trails it",
            "-- migration-bot: ignore require-concurrent-index reason here");
  }

  @Test
  void semicolonsInsideParenthesesDoNotSplit() {
    assertThat(texts("SELECT (1; 2); SELECT 3")).containsExactly("SELECT (1; 2)", "SELECT 3");
  }

  @Test
  void beginAtomicFunctionBodiesStayWhole() {
    String sql =
        """
        CREATE OR REPLACE FUNCTION add(a int, b int) RETURNS int
          LANGUAGE sql
          BEGIN ATOMIC
            SELECT CASE WHEN a > 0 THEN a ELSE 0 END + b;
            SELECT 1;
          END;
        CREATE PROCEDURE p() BEGIN ATOMIC INSERT INTO t VALUES (1); END;
        BEGIN;
        SELECT 1;
        END;
        """;
    List<String> texts = texts(sql);
    assertThat(texts).hasSize(5);
    assertThat(texts.get(0)).startsWith("CREATE OR REPLACE FUNCTION add").endsWith("END");
    assertThat(texts.get(1))
        .isEqualTo("CREATE PROCEDURE p() BEGIN ATOMIC INSERT INTO t VALUES (1); END");
    assertThat(texts.subList(2, 5)).containsExactly("BEGIN", "SELECT 1", "END");
  }

  @Test
  void copyFromStdinDataRunsToBackslashDot() {
    String sql =
        """
        COPY accounts (id, name) FROM stdin;
        1\tAlice; not SQL
        2\tBob
        \\.
        ALTER TABLE accounts ADD COLUMN x int;
        """;
    List<SourceStatement> statements = split(sql);
    assertThat(statements).hasSize(2);
    assertThat(statements.get(0).copyData()).contains("1\tAlice; not SQL\n2\tBob\n");
    assertThat(statements.get(1).text()).isEqualTo("ALTER TABLE accounts ADD COLUMN x int");
    assertThat(statements.get(1).line()).isEqualTo(5);
  }

  @Test
  void psqlMetaCommandsAreTheirOwnStatements() {
    String sql = "\\set ON_ERROR_STOP on\nSELECT 1;\n  \\connect other\nSELECT 2;";
    List<SourceStatement> statements = split(sql);
    assertThat(statements)
        .extracting(SourceStatement::kind)
        .containsExactly(
            SourceStatement.Kind.PSQL_META,
            SourceStatement.Kind.SQL,
            SourceStatement.Kind.PSQL_META,
            SourceStatement.Kind.SQL);
    assertThat(statements.get(2).text()).isEqualTo("\\connect other");
    assertThat(statements.get(2).line()).isEqualTo(3);
  }

  @Test
  void unterminatedStringIsALexErrorAtItsStart() {
    List<SourceStatement> statements = split("SELECT 1;\nINSERT INTO t VALUES ('oops);\nSELECT 2;");
    assertThat(statements).hasSize(2);
    assertThat(statements.get(1).error()).isPresent();
    assertThat(statements.get(1).error().get().message()).isEqualTo("unterminated quoted string");
    assertThat(statements.get(1).error().get().position().toString())
        .isEqualTo("V1__test.sql:2:23");
  }

  @Test
  void unterminatedCommentAndDollarQuoteAreLexErrors() {
    assertThat(split("SELECT 1 /* never closed").get(0).error().get().message())
        .isEqualTo("unterminated /* comment");
    assertThat(split("DO $x$ BEGIN END").get(0).error().get().message())
        .isEqualTo("unterminated dollar-quoted string $x$");
  }

  @Test
  void wordsAreFoldedAndOperatorsStopAtComments() {
    List<Token> tokens = split("SELECT Col::TEXT, a->>'k', b<>-- c\n1").get(0).tokens();
    assertThat(tokens)
        .extracting(Token::value)
        .containsExactly("select", "col", "::", "text", ",", "a", "->>", "k", ",", "b", "<>", "1");
  }

  @Test
  void numbersInTheirForms() {
    assertThat(split("SELECT 1, 1.5, .5, 1e10, 2E-3, 0x1F, 1_000").get(0).tokens())
        .filteredOn(t -> t.type() == TokenType.NUMBER)
        .extracting(Token::value)
        .containsExactly("1", "1.5", ".5", "1e10", "2E-3", "0x1F", "1_000");
  }

  @Test
  void crlfLineEndingsCountLinesCorrectly() {
    List<SourceStatement> statements = split("SELECT 1;\r\n\r\nSELECT 2;\r\n");
    assertThat(statements.get(1).line()).isEqualTo(3);
    assertThat(statements.get(1).text()).isEqualTo("SELECT 2");
  }
}
