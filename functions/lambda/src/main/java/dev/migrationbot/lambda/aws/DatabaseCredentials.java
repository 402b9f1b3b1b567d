package dev.migrationbot.lambda.aws;

import java.util.Objects;

/**
 * A database secret as RDS rotation writes it: {@code {"username", "password", "host", "port",
 * "dbname"}}. {@link #toString()} leaves the password out, so the record can be logged.
 */
public record DatabaseCredentials(
    String username, String password, String host, int port, String dbname) {

  public DatabaseCredentials {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(dbname, "dbname");
  }

  /** {@code jdbc:postgresql://host:port/dbname}, without credentials. */
  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + dbname;
  }

  @Override
  public String toString() {
    return "DatabaseCredentials["
        + username
        + "@"
        + host
        + ":"
        + port
        + "/"
        + dbname
        + ", password ***]";
  }
}
