package io.linehub.server.supervisor;

import io.linehub.api.auth.Caller;
import io.linehub.api.auth.Role;
import io.linehub.api.error.LinehubException;
import io.linehub.api.web.ApiRoutes;
import io.linehub.api.web.Replies;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** {@code GET /api/v1/supervisor/snapshot}: the live picture once, for supervisors and admins. */
public final class SupervisorApi implements ApiRoutes {

  /** The model answers from memory; a slow answer means the verticle is gone or stuck. */
  static final long SNAPSHOT_TIMEOUT_MS = 5_000;

  @Override
  public void mount(Router api) {
    api.get("/supervisor/snapshot").handler(ctx -> {
      Caller.require(ctx, Role.ADMIN, Role.SUPERVISOR);
      Replies.reply(ctx, 200, snapshot(ctx.vertx()));
    });
  }

  /** The snapshot frame from the local {@link SupervisorVerticle}; 503 when it does not answer. */
  static Future<JsonObject> snapshot(Vertx vertx) {
    return vertx.eventBus()
        .<JsonObject>request(SupervisorAddresses.SNAPSHOT, null,
            new DeliveryOptions().setLocalOnly(true).setSendTimeout(SNAPSHOT_TIMEOUT_MS))
        .map(Message::body)
        .recover(failure -> Future.failedFuture(LinehubException.from(failure)));
  }
}
