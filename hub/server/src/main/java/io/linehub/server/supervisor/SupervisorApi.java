package io.linehub.server.supervisor;

import io.linehub.api.auth.Caller;
import io.linehub.api.auth.Role;
import io.linehub.api.supervisor.LiveFeed;
import io.linehub.api.web.ApiRoutes;
import io.linehub.api.web.Replies;
import io.vertx.ext.web.Router;

/** {@code GET /api/v1/supervisor/snapshot}: the live picture once, for supervisors and admins. */
public final class SupervisorApi implements ApiRoutes {

  @Override
  public void mount(Router api) {
    api.get("/supervisor/snapshot").handler(ctx -> {
      Caller.require(ctx, Role.ADMIN, Role.SUPERVISOR);
      Replies.reply(ctx, 200, LiveFeed.snapshot(ctx.vertx()));
    });
  }
}
