package dev.migrationbot.testing;

import dev.migrationbot.local.LocalPostgres;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts embedded PostgreSQL once per test run and gives every test that asks for a {@link
 * TestDatabase} its own fresh database, dropped when the test ends.
 *
 * <p>The major comes from the {@code pg.version} system property (default 16) and the build puts
 * the binaries of that major on the classpath; the server's reported version is checked.
 */
public final class PostgresExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(PostgresExtension.class);
  private static final AtomicInteger DATABASES = new AtomicInteger();

  /** The PostgreSQL major the tests were asked to run on. */
  public static int requestedMajor() {
    return Integer.parseInt(System.getProperty("pg.version", "16"));
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestDatabase.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    LocalPostgres server = server(context);
    String name = "test_" + DATABASES.incrementAndGet();
    try {
      server.createDatabase(name);
    } catch (SQLException e) {
      throw new ParameterResolutionException("cannot create database " + name, e);
    }
    context.getStore(NAMESPACE).put(name, new DroppedDatabase(server, name));
    return new TestDatabase(server, name);
  }

  private static LocalPostgres server(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            SharedServer.class,
            key ->
                new SharedServer(
                    LocalPostgres.start(requestedMajor(), LocalPostgres.Durability.FAST)),
            SharedServer.class)
        .server();
  }

  private record SharedServer(LocalPostgres server) implements AutoCloseable {
    @Override
    public void close() {
      server.close();
    }
  }

  private record DroppedDatabase(LocalPostgres server, String name) implements AutoCloseable {
    @Override
    public void close() throws SQLException {
      server.dropDatabase(name);
    }
  }
}
