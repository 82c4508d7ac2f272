package io.linehub.server.supervisor;

import io.linehub.api.auth.Caller;
import io.linehub.api.auth.Role;
import io.linehub.api.error.LinehubException;
import io.linehub.api.web.ApiRoutes;
import io.linehub.api.web.OpenSockets;
import io.linehub.api.web.SocketAuth;
import io.vertx.core.Future;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * {@code GET /api/v1/supervisor/live}, the wallboard's WebSocket. Mounted on the root router,
 * ahead of the {@code /api/v1} bearer check: browsers cannot set an Authorization header on a
 * WebSocket, so the token comes as {@code ?access_token=}; it is checked here before the upgrade,
 * and a refusal is an ordinary 401/403 JSON answer from the router's failure handler.
 */
public final class SupervisorSocket implements ApiRoutes {

  public static final String PATH = "/api/v1/supervisor/live";
  /** How long a client may leave its socket's write queue full before it is dropped. */
  static final Duration SLOW_GRACE = Duration.ofSeconds(10);
  /** Or how much it may fall behind before that. */
  static final long MAX_BEHIND_BYTES = 8L * 1024 * 1024;

  private final JWTAuth jwt;
  private final OpenSockets open;

  /** @param open the node's open sockets, closed when their token stops being good */
  public SupervisorSocket(JWTAuth jwt, OpenSockets open) {
    this.jwt = jwt;
    this.open = open;
  }

  /** Mounts on the root router (absolute path). */
  @Override
  public void mount(Router root) {
    root.get(PATH).handler(this::upgrade);
  }

  private void upgrade(RoutingContext ctx) {
    SocketAuth.user(ctx, jwt)
        .compose(user -> supervisorOrAdmin(user).compose(ignored -> ctx.request().toWebSocket()).map(ws -> {
          // Closed when the token stops being good (sign-out, deactivation, new role or password).
          Runnable forget = open.add(Caller.of(user).userId(), SocketAuth.token(ctx.request()), ws);
          return new LiveSession(ctx.vertx(), ws, SLOW_GRACE, MAX_BEHIND_BYTES).whenStopped(forget);
        }))
        .onSuccess(LiveSession::start)
        .onFailure(ctx::fail);
  }

  /** The role claim, read as {@link io.linehub.api.auth.Caller} reads it. */
  private static Future<Void> supervisorOrAdmin(User user) {
    String role = user.principal().getString("role");
    if (Role.SUPERVISOR.wire().equals(role) || Role.ADMIN.wire().equals(role)) {
      return Future.succeededFuture();
    }
    return Future.failedFuture(LinehubException.forbidden("only supervisors and admins may watch the lines"));
  }
}
