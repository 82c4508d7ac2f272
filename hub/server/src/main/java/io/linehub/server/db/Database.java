package io.linehub.server.db;

import io.linehub.server.config.LinehubConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store of one Linehub process: the embedded PostgreSQL (unless an external one is
 * configured), the Flyway migrations of every module, and the Vert.x pool everybody shares.
 * Starting and stopping PostgreSQL and Flyway are blocking, so they run on worker threads.
 */
public final class Database {

  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  private final Vertx vertx;
  private final EmbeddedDatabase embedded;
  private final Pool pool;

  private Database(Vertx vertx, EmbeddedDatabase embedded, Pool pool) {
    this.vertx = vertx;
    this.embedded = embedded;
    this.pool = pool;
  }

  /** Starts (or connects to) PostgreSQL and migrates {@code schemas}, each from {@code classpath:db/<schema>}. */
  public static Future<Database> start(Vertx vertx, LinehubConfig config, List<String> schemas) {
    return vertx.executeBlocking(() -> {
      try {
        return startBlocking(config, schemas);
      } catch (LinkageError e) {
        // A worker that dies of an Error never completes its future: turn it into a failure so
        // startup stops with a reason instead of hanging.
        throw new IllegalStateException("cannot start the database: " + e, e);
      }
    }, false).map(started -> {
      Pool pool = PgBuilder.pool()
          .with(new PoolOptions().setMaxSize(config.db().poolSize()).setName("linehub-db"))
          .connectingTo(started.options().setCachePreparedStatements(true).setPipeliningLimit(256))
          .using(vertx)
          .build();
      return new Database(vertx, started.embedded(), pool);
    });
  }

  private static Started startBlocking(LinehubConfig config, List<String> schemas) {
    EmbeddedDatabase embedded = null;
    PgConnectOptions options;
    if (config.db().external().isPresent()) {
      options = new PgConnectOptions(config.db().external().get());
    } else {
      embedded = EmbeddedDatabase.start(config.dataDir().resolve("pg"), config.db().embeddedPort());
      options = embedded.connectOptions();
    }
    try {
      migrate(options, schemas);
    } catch (RuntimeException | LinkageError e) {
      if (embedded != null) {
        embedded.close();
      }
      throw e;
    }
    return new Started(embedded, options);
  }

  private record Started(EmbeddedDatabase embedded, PgConnectOptions options) {
  }

  private static void migrate(PgConnectOptions options, List<String> schemas) {
    String jdbcUrl = "jdbc:postgresql://" + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase();
    for (String schema : schemas) {
      var result = Flyway.configure()
          .dataSource(jdbcUrl, options.getUser(), options.getPassword())
          .schemas(schema)
          .locations("classpath:db/" + schema)
          .load()
          .migrate();
      LOG.info("Schema {} at version {} ({} migrations applied)", schema, result.targetSchemaVersion,
          result.migrationsExecuted);
    }
  }

  public Pool pool() {
    return pool;
  }

  /** Succeeds when the database answers a trivial query within {@code timeout}. */
  public Future<Void> ping(Duration timeout) {
    return pool.query("SELECT 1").execute()
        .timeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        .mapEmpty();
  }

  /** Closes the pool, then stops the embedded server if there is one. */
  public Future<Void> close() {
    return pool.close()
        .eventually(() -> embedded == null
            ? Future.succeededFuture()
            : vertx.executeBlocking(() -> {
              embedded.close();
              return null;
            }, false))
        .mapEmpty();
  }
}
