package io.linehub.api.web;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writing JSON replies; failures go to the router's one failure handler via {@code ctx.fail}. */
public final class Replies {

  private Replies() {
  }

  public static void json(RoutingContext ctx, int status, Object body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json; charset=utf-8")
        .end(body instanceof JsonObject json ? json.encode() : io.vertx.core.json.Json.encode(body));
  }

  /** Completes the request with {@code status} and the future's JSON, or fails it with the error. */
  public static <T> void reply(RoutingContext ctx, int status, Future<T> result) {
    result.onComplete(ar -> {
      if (ar.succeeded()) {
        json(ctx, status, ar.result());
      } else {
        ctx.fail(ar.cause());
      }
    });
  }
}
