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

  /**
   * Routes that answer without a token (e.g. what the website chat widget asks before anyone
   * signs in). Mounted on the same {@code /api/v1} sub-router before the bearer-token check;
   * keep them read-only and free of personal data.
   */
  default void mountPublic(Router api) {
  }
}
