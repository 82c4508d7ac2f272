package io.linehub.server.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One HTTP listener instance; the hub deploys one per event loop on the same port. Stopping it
 * stops accepting and lets in-flight requests finish within the grace period.
 */
public final class HttpVerticle extends VerticleBase {

  private final HttpServerOptions options;
  private final Supplier<Router> routerFactory;
  private final Duration grace;
  private final AtomicInteger boundPort;
  private HttpServer server;

  public HttpVerticle(HttpServerOptions options, Supplier<Router> routerFactory, Duration grace, AtomicInteger boundPort) {
    this.options = options;
    this.routerFactory = routerFactory;
    this.grace = grace;
    this.boundPort = boundPort;
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer(options).requestHandler(routerFactory.get());
    return server.listen().onSuccess(s -> boundPort.set(s.actualPort()));
  }

  @Override
  public Future<?> stop() {
    return server.shutdown(grace.toMillis(), TimeUnit.MILLISECONDS);
  }
}
