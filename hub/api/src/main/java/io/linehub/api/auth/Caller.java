package io.linehub.api.auth;

import io.linehub.api.error.LinehubException;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;

/**
 * The signed-in person behind a request, read from the verified JWT: subject = user id, plus the
 * login and role claims the hub puts in the token.
 */
public record Caller(long userId, String login, Role role) {

  public static Caller of(RoutingContext ctx) {
    User user = ctx.user();
    if (user == null) {
      throw LinehubException.unauthorized("missing or invalid bearer token");
    }
    return of(user);
  }

  /** The caller a verified token names. */
  public static Caller of(User user) {
    var claims = user.principal();
    return new Caller(
        Long.parseLong(claims.getString("sub")),
        claims.getString("login"),
        Role.parse(claims.getString("role")));
  }

  /** The caller, if their role is one of {@code allowed}; otherwise a 403. */
  public static Caller require(RoutingContext ctx, Role... allowed) {
    Caller caller = of(ctx);
    if (Arrays.asList(allowed).contains(caller.role())) {
      return caller;
    }
    throw LinehubException.forbidden("role " + caller.role().wire() + " may not do this");
  }
}
