package io.linehub.server.http;

import io.linehub.server.auth.AuthApi;
import io.linehub.server.ops.OpsApi;
import io.linehub.api.web.ApiRoutes;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.web.Router;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.JWTAuthHandler;
import java.util.List;
import java.util.Set;

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

  /** What the website widget calls from the customer's pages: the site API and a line's hours. */
  static final String VISITOR_PATHS = "/api/v1/(site/.*|lines/[^/]+/hours/now)";

  public Router build() {
    FailureHandler failures = new FailureHandler();
    Router root = Router.router(vertx);
    opsApi.mount(root);
    // The website widget runs on the customer's site, another origin than the hub's: its REST calls
    // need CORS. Only the visitors' endpoints, which take no cookies (a visitor token in a header or
    // the body), so any origin may call them; the staff's API stays same-origin.
    root.routeWithRegex(VISITOR_PATHS).handler(CorsHandler.create()
        .addOrigin("*")
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST))
        .allowedHeaders(Set.of("Content-Type", "Authorization"))
        .maxAgeSeconds(600));
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
