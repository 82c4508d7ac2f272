package io.linehub.api.web;

import io.vertx.ext.web.Router;

/**
 * A module's REST routes. The hub mounts every {@code ApiRoutes} on the {@code /api/v1} sub-router
 * after the body limit and the bearer-token check, and owns the one failure handler: handlers
 * throw or {@code ctx.fail} a {@link io.linehub.api.error.LinehubException} and never write errors
 * themselves. Paths given to {@code api.route(...)} are relative, e.g. {@code /crm/leads}.
 */
public interface ApiRoutes {

  void mount(Router api);
}
