package io.linehub.testkit;

import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;

/**
 * One real PostgreSQL per test JVM (zonky embedded binaries from Maven), and a fresh database per
 * caller so test classes never see each other's rows. Schemas are migrated with the same Flyway
 * layout production uses: schema {@code X} from {@code classpath:db/X}.
 */
public final class TestPostgres {

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;

  private TestPostgres() {
  }

  /** A new empty database with the given module schemas migrated. Blocking: call from @BeforeAll. */
  public static synchronized TestDatabase freshDatabase(String... schemas) {
    TestDatabase database = emptyDatabase();
    for (String schema : schemas) {
      migrate(database, schema, null);
    }
    return database;
  }

  /**
   * Migrates {@code schema} of {@code database} with the module's Flyway migrations, up to
   * {@code version} (all of them when null): to test a migration against the rows of an older one.
   */
  public static void migrate(TestDatabase database, String schema, String version) {
    var flyway = Flyway.configure()
        .dataSource(database.jdbcUrl(), "postgres", "postgres")
        .schemas(schema)
        .locations("classpath:db/" + schema);
    if (version != null) {
      flyway.target(version);
    }
    flyway.load().migrate();
  }

  /** A new database with no schema migrated. Blocking: call from @BeforeAll. */
  public static synchronized TestDatabase emptyDatabase() {
    EmbeddedPostgres pg = server();
    String name = "linehub_test_" + DATABASES.incrementAndGet();
    try (Connection connection = pg.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name, e);
    }
    String jdbcUrl = pg.getJdbcUrl("postgres", name);
    PgConnectOptions options = new PgConnectOptions()
        // An IP literal: a host name sends the first connection through Netty's DNS resolver,
        // whose one-time set-up (IDN tables, datagram channels) ran 0.5 s on an event loop.
        .setHost("127.0.0.1")
        .setPort(pg.getPort())
        .setDatabase(name)
        .setUser("postgres")
        .setPassword("postgres");
    return new TestDatabase(jdbcUrl, options);
  }

  /** The server itself, e.g. to hand its port to a hub started with LINEHUB_DB_URL. */
  public static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder()
            .setDataDirectory(Files.createTempDirectory("linehub-test-pg"))
            .setCleanDataDirectory(true)
            .setServerConfig("max_connections", "300")
            .setServerConfig("fsync", "off")
            // For PlanCounter: tests that a statement keeps its plan read its planning count.
            .setServerConfig("shared_preload_libraries", "pg_stat_statements")
            .start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
      }
      EmbeddedPostgres started = server;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          started.close();
        } catch (IOException ignored) {
          // the JVM is exiting; the temp data directory goes with it
        }
      }));
    }
    return server;
  }
}
