package io.linehub.api.web;

import io.linehub.api.error.LinehubException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.web.RoutingContext;

/**
 * The check in front of every WebSocket upgrade: browsers cannot set an Authorization header on a
 * WebSocket, so the token comes as {@code ?access_token=} and is verified before the upgrade. A
 * refusal fails with a {@link LinehubException}, which the router's failure handler turns into an
 * ordinary 400/401 JSON answer.
 */
public final class SocketAuth {

  private SocketAuth() {
  }

  /** The token an upgrade request carries ({@code ?access_token=}), or null. */
  public static String token(HttpServerRequest request) {
    return request.getParam("access_token");
  }

  /** The signed-in user of an upgrade request, or a failure (not an upgrade: 400; no or bad token: 401). */
  public static Future<User> user(RoutingContext ctx, AuthenticationProvider tokens) {
    HttpServerRequest request = ctx.request();
    if (!request.canUpgradeToWebSocket()) {
      return Future.failedFuture(LinehubException.badRequest("this path is a WebSocket: send an upgrade request"));
    }
    String token = token(request);
    if (token == null || token.isBlank()) {
      return Future.failedFuture(LinehubException.unauthorized("missing access_token"));
    }
    // Held until the check is done: it may read the database (is the user still active, signed out?),
    // and an ended request can no longer upgrade.
    request.pause();
    return tokens.authenticate(new TokenCredentials(token))
        .recover(invalid -> Future.failedFuture(LinehubException.unauthorized("invalid access_token")));
  }
}
