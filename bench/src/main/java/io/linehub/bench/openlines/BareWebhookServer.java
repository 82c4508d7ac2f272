package io.linehub.bench.openlines;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.Statement;

/**
 * The comparison point for the webhook benchmark: the bare endpoint that does only what durability
 * needs — check Telegram's secret header, read the {@code update_id}, ONE insert into an inbox table
 * (unique on channel and external id, {@code ON CONFLICT DO NOTHING}) on a Vert.x pool of the hub's
 * size over an embedded PostgreSQL started like the hub's (fsync and synchronous_commit on), then
 * 200. No sessions, no chat, no routing. {@code POST /hooks/<channel>}. Usage: {@code
 * BareWebhookServer <port> [event loops (default: one per core, as the hub's http.instances)] [pool
 * size (default 16, as the hub's db.poolSize)] [webhook secret (default bench-secret)]}.
 */
public final class BareWebhookServer {

  private static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";
  private static final int MAX_BODY = 1024 * 1024;

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int loops = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
    int poolSize = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    byte[] secret = (args.length > 3 ? args[3] : "bench-secret").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    // As hub/server's EmbeddedDatabase: zonky starts postgres with fsync off and synchronous_commit
    // off; both go back on, so a 200 means the row is on disk.
    EmbeddedPostgres pg = EmbeddedPostgres.builder()
        .setDataDirectory(Files.createTempDirectory("linehub-bare-webhook-pg"))
        .setCleanDataDirectory(true)
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("max_connections", "200")
        .setServerConfig("listen_addresses", "localhost")
        .start();
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE bench");
    }
    try (Connection c = pg.getDatabase("postgres", "bench").getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE inbox (id bigserial PRIMARY KEY, channel text NOT NULL, external_id text NOT NULL,"
          + " payload bytea NOT NULL, UNIQUE (channel, external_id))");
    }
    Vertx vertx = Vertx.vertx();
    Pool pool = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(poolSize).setName("bare-webhook-db"))
        .connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(pg.getPort()).setDatabase("bench")
            .setUser("postgres").setPassword("postgres").setCachePreparedStatements(true).setPipeliningLimit(256))
        .using(vertx)
        .build();
    String insert = "INSERT INTO inbox (channel, external_id, payload) VALUES ($1, $2, $3)"
        + " ON CONFLICT (channel, external_id) DO NOTHING";
    for (int i = 0; i < loops; i++) {
      vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost("127.0.0.1"))
          .requestHandler(request -> handle(request, pool, insert, secret))
          .listen().toCompletionStage().toCompletableFuture().join();
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        // stopping anyway
      }
    }));
    System.out.printf("bare webhook server on 127.0.0.1:%d (%d event loops, pool %d, PostgreSQL on %d)%n", port, loops,
        poolSize, pg.getPort());
  }

  private static void handle(HttpServerRequest request, Pool pool, String insert, byte[] secret) {
    if (request.method() != HttpMethod.POST || !request.path().startsWith("/hooks/")) {
      request.response().setStatusCode(404).end();
      return;
    }
    String given = request.getHeader(SECRET_HEADER);
    if (given == null) {
      request.response().setStatusCode(401).end();
      return;
    }
    if (!MessageDigest.isEqual(secret, given.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
      request.response().setStatusCode(403).end();
      return;
    }
    String channel = request.path().substring("/hooks/".length());
    request.body().onSuccess(body -> {
      if (body.length() > MAX_BODY) {
        request.response().setStatusCode(413).end();
        return;
      }
      Object updateId;
      try {
        updateId = new JsonObject(body).getValue("update_id");
      } catch (RuntimeException e) {
        updateId = null;
      }
      if (updateId == null) {
        request.response().setStatusCode(400).end();
        return;
      }
      pool.preparedQuery(insert).execute(Tuple.of(channel, "update:" + updateId, body))
          .onSuccess(rows -> request.response().setStatusCode(200).end())
          .onFailure(e -> request.response().setStatusCode(500).end(String.valueOf(e.getMessage())));
    }).onFailure(e -> request.response().setStatusCode(400).end());
  }

  private BareWebhookServer() {
  }
}
