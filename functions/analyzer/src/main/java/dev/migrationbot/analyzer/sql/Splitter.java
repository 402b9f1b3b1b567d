package dev.migrationbot.analyzer.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits a migration file into statements the way psql does: a semicolon ends a statement unless it
 * is inside a string, a comment, parentheses or a {@code BEGIN ATOMIC ... END} function body; lines
 * starting with a backslash are psql meta-commands; {@code COPY ... FROM STDIN} is followed by data
 * up to a line holding {@code \.}.
 */
public final class Splitter {

  private Splitter() {}

  public static List<SourceStatement> split(String file, String text) {
    return new Run(file, text).split();
  }

  private static final class Run {
    private final String file;
    private final Lexer lexer;
    private final List<SourceStatement> statements = new ArrayList<>();
    private final List<Token> tokens = new ArrayList<>();
    private List<Token> leading = new ArrayList<>();
    private int parenDepth;
    private int beginDepth;
    private int wordCount;
    private final char[] firstWords = new char[4];
    private SourceStatement.LexError error;

    Run(String file, String text) {
      this.file = file;
      this.lexer = new Lexer(file, text);
    }

    List<SourceStatement> split() {
      while (true) {
        if (tokens.isEmpty() && lexer.skipWhitespaceAtLineStart() && !lexer.atEnd()) {
          if (lexer.peek() == '\\') {
            metaCommand();
            continue;
          }
        }
        Token token = lexer.next();
        SourceStatement.LexError lexError = lexer.takeError();
        if (lexError != null && error == null) {
          error = lexError;
        }
        if (token == null) {
          if (!tokens.isEmpty()) {
            finish(lexer.text().length());
          }
          return statements;
        }
        if (token.type() == TokenType.COMMENT) {
          if (tokens.isEmpty()) {
            leading.add(token);
          }
          continue;
        }
        if (token.isPunctuation(';') && parenDepth <= 0 && beginDepth == 0) {
          if (tokens.isEmpty()) {
            continue; // an empty statement
          }
          int end = token.start();
          finish(end);
          readCopyData();
          continue;
        }
        track(token);
        tokens.add(token);
      }
    }

    private void track(Token token) {
      if (token.isPunctuation('(')) {
        parenDepth++;
      } else if (token.isPunctuation(')')) {
        parenDepth--;
      } else if (token.type() == TokenType.WORD) {
        trackFunctionBody(token.value());
      }
    }

    /** psql's heuristic for SQL-standard function bodies (psqlscan.l, "begin_depth"). */
    private void trackFunctionBody(String word) {
      if (wordCount < firstWords.length
          && (word.equals("create")
              || word.equals("function")
              || word.equals("procedure")
              || word.equals("or")
              || word.equals("replace"))) {
        firstWords[wordCount] = word.charAt(0);
      }
      wordCount++;
      boolean createsRoutine =
          firstWords[0] == 'c'
              && (firstWords[1] == 'f'
                  || firstWords[1] == 'p'
                  || (firstWords[1] == 'o'
                      && firstWords[2] == 'r'
                      && (firstWords[3] == 'f' || firstWords[3] == 'p')));
      if (!createsRoutine || parenDepth != 0) {
        return;
      }
      if (word.equals("begin")) {
        beginDepth++;
      } else if (word.equals("case") && beginDepth >= 1) {
        beginDepth++;
      } else if (word.equals("end") && beginDepth > 0) {
        beginDepth--;
      }
    }

    private void metaCommand() {
      int start = lexer.position();
      int end = lexer.endOfLine(start);
      String line = lexer.text().substring(start, end).stripTrailing();
      SourcePosition position = lexer.positionOf(start);
      statements.add(
          new SourceStatement(
              file,
              statements.size() + 1,
              line,
              position,
              position.line(),
              List.of(),
              leading,
              SourceStatement.Kind.PSQL_META,
              Optional.empty(),
              Optional.empty()));
      leading = new ArrayList<>();
      lexer.seek(end);
    }

    private void finish(int end) {
      Token first = tokens.get(0);
      String text = lexer.text().substring(first.start(), end).stripTrailing();
      int endLine = lexer.line(first.start() + Math.max(0, text.length() - 1));
      statements.add(
          new SourceStatement(
              file,
              statements.size() + 1,
              text,
              lexer.positionOf(first.start()),
              endLine,
              tokens,
              leading,
              SourceStatement.Kind.SQL,
              Optional.empty(),
              Optional.ofNullable(error)));
      tokens.clear();
      leading = new ArrayList<>();
      parenDepth = 0;
      beginDepth = 0;
      wordCount = 0;
      java.util.Arrays.fill(firstWords, '\0');
      error = null;
    }

    /** After {@code COPY ... FROM STDIN;} the data lines up to {@code \.} belong to the COPY. */
    private void readCopyData() {
      SourceStatement last = statements.get(statements.size() - 1);
      if (!isCopyFromStdin(last.tokens())) {
        return;
      }
      String text = lexer.text();
      int dataStart = lexer.endOfLine(lexer.position()) + 1;
      if (dataStart > text.length()) {
        return;
      }
      int lineStart = dataStart;
      while (lineStart <= text.length()) {
        int lineEnd = lexer.endOfLine(lineStart);
        if (text.substring(lineStart, lineEnd).strip().equals("\\.")) {
          replaceLast(last, text.substring(dataStart, lineStart));
          lexer.seek(lineEnd);
          return;
        }
        if (lineEnd >= text.length()) {
          break;
        }
        lineStart = lineEnd + 1;
      }
      replaceLast(last, text.substring(Math.min(dataStart, text.length())));
      statements.set(
          statements.size() - 1,
          withError(
              statements.get(statements.size() - 1),
              new SourceStatement.LexError(
                  "COPY data is not terminated by a line holding \\.",
                  lexer.positionOf(Math.min(dataStart, text.length())))));
      lexer.seek(text.length());
    }

    private void replaceLast(SourceStatement s, String data) {
      statements.set(
          statements.size() - 1,
          new SourceStatement(
              s.file(),
              s.index(),
              s.text(),
              s.position(),
              s.endLine(),
              s.tokens(),
              s.leadingComments(),
              s.kind(),
              Optional.of(data),
              s.error()));
    }

    private static SourceStatement withError(SourceStatement s, SourceStatement.LexError e) {
      return new SourceStatement(
          s.file(),
          s.index(),
          s.text(),
          s.position(),
          s.endLine(),
          s.tokens(),
          s.leadingComments(),
          s.kind(),
          s.copyData(),
          Optional.of(e));
    }

    private static boolean isCopyFromStdin(List<Token> tokens) {
      if (tokens.isEmpty() || !tokens.get(0).isWord("copy")) {
        return false;
      }
      for (int i = 1; i + 1 < tokens.size(); i++) {
        if (tokens.get(i).isWord("from") && tokens.get(i + 1).isWord("stdin")) {
          return true;
        }
      }
      return false;
    }
  }
}
