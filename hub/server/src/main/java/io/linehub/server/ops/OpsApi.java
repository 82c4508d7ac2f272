package io.linehub.server.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.function.Function;

/**
 * {@code GET /health} (200 UP only when the database answers and every verticle is deployed,
 * 503 DOWN otherwise) and {@code GET /metrics} (Prometheus text). Both are unauthenticated,
 * as probes and scrapers expect; put them behind the network, not behind a token.
 */
public final class OpsApi {

  private static final Duration DB_TIMEOUT = Duration.ofSeconds(2);

  private final Readiness readiness;
  private final Function<Duration, Future<Void>> databasePing;
  private final PrometheusMeterRegistry registry;

  public OpsApi(Readiness readiness, Function<Duration, Future<Void>> databasePing, PrometheusMeterRegistry registry) {
    this.readiness = readiness;
    this.databasePing = databasePing;
    this.registry = registry;
  }

  public void mount(Router router) {
    router.get("/health").handler(ctx -> databasePing.apply(DB_TIMEOUT)
        .map(ok -> "UP")
        .otherwise("DOWN")
        .onComplete(ar -> {
          String database = ar.result();
          var verticles = readiness.verticles();
          boolean up = "UP".equals(database) && !readiness.isStopping()
              && !verticles.isEmpty() && verticles.values().stream().allMatch(Boolean::booleanValue);
          JsonObject checks = new JsonObject().put("database", database);
          verticles.forEach((name, alive) -> checks.put(name, alive ? "UP" : "DOWN"));
          ctx.response()
              .setStatusCode(up ? 200 : 503)
              .putHeader("content-type", "application/json; charset=utf-8")
              .putHeader("cache-control", "no-store")
              .end(new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", checks).encode());
        }));
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
        .end(registry.scrape()));
  }
}
