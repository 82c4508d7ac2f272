package io.linehub.server.http;

import io.linehub.server.auth.AuthApi;
import io.linehub.server.ops.OpsApi;
import io.linehub.api.web.ApiRoutes;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.JWTAuthHandler;
import java.util.List;

/**
 * Builds the router: probes at the root, then {@code /api/v1} with the body limit, the login
 * route and the modules' public routes, the bearer-token check and every module's routes, all behind
 * one failure handler.
 */
public final class ApiRouter {

  private final Vertx vertx;
  private final JWTAuth jwt;
  private final AuthApi authApi;
  private final OpsApi opsApi;
  private final List<ApiRoutes> modules;
  private final long bodyLimitBytes;
  private final List<ApiRoutes> rootRoutes;

  public ApiRouter(Vertx vertx, JWTAuth jwt, AuthApi authApi, OpsApi opsApi, List<ApiRoutes> modules,
      long bodyLimitBytes) {
    this(vertx, jwt, authApi, opsApi, modules, bodyLimitBytes, List.of());
  }

  /**
   * @param rootRoutes mounted on the root router ahead of {@code /api/v1}, with absolute paths and
   *     without the body limit or the bearer check: routes that authenticate themselves, like a
   *     WebSocket upgrade (browsers cannot send an Authorization header there)
   */
  public ApiRouter(Vertx vertx, JWTAuth jwt, AuthApi authApi, OpsApi opsApi, List<ApiRoutes> modules,
      long bodyLimitBytes, List<ApiRoutes> rootRoutes) {
    this.vertx = vertx;
    this.jwt = jwt;
    this.authApi = authApi;
    this.opsApi = opsApi;
    this.modules = modules;
    this.bodyLimitBytes = bodyLimitBytes;
    this.rootRoutes = rootRoutes;
  }

  public Router build() {
    FailureHandler failures = new FailureHandler();
    Router root = Router.router(vertx);
    opsApi.mount(root);
    rootRoutes.forEach(routes -> routes.mount(root));

    Router api = Router.router(vertx);
    api.route().handler(BodyHandler.create(false).setBodyLimit(bodyLimitBytes));
    authApi.mount(api);
    modules.forEach(module -> module.mountPublic(api));
    api.route().handler(JWTAuthHandler.create(jwt));
    modules.forEach(module -> module.mount(api));
    api.route().failureHandler(failures);
    root.route("/api/v1/*").subRouter(api);

    root.route().failureHandler(failures);
    root.errorHandler(404, failures);
    root.errorHandler(405, failures);
    return root;
  }
}
