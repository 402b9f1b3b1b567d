package dev.migrationbot.cli;

/** The command line does not make sense: the message says what is wrong and how to fix it. */
final class UsageException extends RuntimeException {

  UsageException(String message) {
    super(message);
  }
}
