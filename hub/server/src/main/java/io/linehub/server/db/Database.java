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
  private final Pool sipPool;

  private Database(Vertx vertx, EmbeddedDatabase embedded, Pool pool, Pool sipPool) {
    this.vertx = vertx;
    this.embedded = embedded;
    this.pool = pool;
    this.sipPool = sipPool;
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
      PgConnectOptions options = started.options().setCachePreparedStatements(true).setPipeliningLimit(256);
      // The SIP pool's connections live on a loop of Vert.x's (eventLoopSize 1), not the B2BUA's
      // own: the pool outlives the SIP verticle, whose loop stops with it, and closing a connection
      // needs its loop.
      return new Database(vertx, started.embedded(), pool(vertx, options, "linehub-db", config.db().poolSize(), 0),
          pool(vertx, options, "linehub-db-sip", 2, 1));
    });
  }

  /** {@code eventLoops} 0: each connection on the loop of the caller that first needed it. */
  private static Pool pool(Vertx vertx, PgConnectOptions options, String name, int size, int eventLoops) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size).setName(name).setEventLoopSize(eventLoops))
        .connectingTo(options)
        .using(vertx)
        .build();
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

  /**
   * Two connections for the SIP verticle's own reads and writes (registrations, SIP credentials).
   * A pool opens each connection on the event loop of the caller that needed it, and that loop then
   * reads every answer the connection carries, whoever asked: the B2BUA's registrations opened
   * connections of the shared pool on the B2BUA's loop, and the CRM's screen-pop lookups and the
   * call records riding on them waited behind SIP work. Its own pool keeps it to itself.
   */
  public Pool sipPool() {
    return sipPool;
  }

  /** Succeeds when the database answers a trivial query within {@code timeout}. */
  public Future<Void> ping(Duration timeout) {
    return pool.query("SELECT 1").execute()
        .timeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        .mapEmpty();
  }

  /** Closes the pool, then stops the embedded server if there is one. */
  public Future<Void> close() {
    return Future.all(sipPool.close(), pool.close()).mapEmpty()
        .eventually(() -> embedded == null
            ? Future.succeededFuture()
            : vertx.executeBlocking(() -> {
              embedded.close();
              return null;
            }, false))
        .mapEmpty();
  }
}
