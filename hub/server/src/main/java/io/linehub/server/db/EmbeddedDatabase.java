package io.linehub.server.db;

import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL from the zonky Maven binaries, its data under {@code <dataDir>/pg} so it
 * survives restarts (initdb runs only when the directory is new). Blocking: worker threads only.
 */
final class EmbeddedDatabase implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
  static final String DATABASE = "linehub";

  private final EmbeddedPostgres server;

  private EmbeddedDatabase(EmbeddedPostgres server) {
    this.server = server;
  }

  static EmbeddedDatabase start(Path dataDirectory, int port) {
    try {
      Files.createDirectories(dataDirectory);
      var builder = EmbeddedPostgres.builder()
          .setDataDirectory(dataDirectory)
          .setCleanDataDirectory(false)
          // Linehub stops PostgreSQL itself, after the pool is closed, in its own shutdown order.
          .setRegisterShutdownHook(false)
          // zonky is made for tests: it starts postgres with -F (fsync off) and synchronous_commit=off,
          // either of which can lose acknowledged commits on a crash. Linehub acknowledges only what
          // is durable, so both go back on (-c options are applied after -F).
          .setServerConfig("fsync", "on")
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("max_connections", "200")
          // PostgreSQL's defaults suit a laptop. With 128 MB of shared buffers the backends wrote
          // 19,000 dirty pages themselves in one minute at 950 calls/s (every call adds a call record,
          // legs, an activity, routing and presence rows); with a checkpoint at each 1 GB of WAL one
          // fell every ~2 minutes at that rate, each followed by full-page images of every page
          // touched again. Together they were the difference between 947 and 992 calls/s achieved
          // at 1,000 offered (docs/benchmarks.md). Crash recovery replays at most 4 GB of WAL.
          .setServerConfig("shared_buffers", "512MB")
          .setServerConfig("max_wal_size", "4GB")
          .setServerConfig("checkpoint_timeout", "15min")
          .setServerConfig("listen_addresses", "localhost");
      if (port > 0) {
        builder.setPort(port);
      }
      EmbeddedPostgres server = builder.start();
      createDatabaseIfMissing(server);
      LOG.info("Embedded PostgreSQL up on localhost:{} with data in {}", server.getPort(), dataDirectory);
      return new EmbeddedDatabase(server);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL in " + dataDirectory, e);
    }
  }

  private static void createDatabaseIfMissing(EmbeddedPostgres server) {
    try (Connection connection = server.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      try (ResultSet rs = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
        if (!rs.next()) {
          statement.execute("CREATE DATABASE " + DATABASE);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + DATABASE, e);
    }
  }

  PgConnectOptions connectOptions() {
    return new PgConnectOptions()
        // An IP literal: a host name sends the first connection through Netty's DNS resolver,
        // whose one-time set-up (IDN tables, datagram channels) ran 0.5 s on an event loop.
        .setHost("127.0.0.1")
        .setPort(server.getPort())
        .setDatabase(DATABASE)
        .setUser("postgres")
        .setPassword("postgres");
  }

  @Override
  public void close() {
    try {
      server.close();
      LOG.info("Embedded PostgreSQL stopped");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop embedded PostgreSQL", e);
    }
  }
}
