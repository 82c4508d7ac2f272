package io.linehub.testkit;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** A migrated database of the shared test server. */
public record TestDatabase(String jdbcUrl, PgConnectOptions options) {

  public Pool pool(Vertx vertx, int size) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size))
        .connectingTo(options)
        .using(vertx)
        .build();
  }

  /** The {@code postgresql://} URL form that {@code LINEHUB_DB_URL} takes. */
  public String url() {
    return "postgresql://" + options.getUser() + ":" + options.getPassword() + "@" + options.getHost() + ":"
        + options.getPort() + "/" + options.getDatabase();
  }
}
