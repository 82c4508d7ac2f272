package io.linehub.server.auth;

import io.linehub.api.web.Fields;
import io.linehub.api.web.Replies;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** {@code POST /api/v1/auth/login}: the one API route that needs no token. */
public final class AuthApi {

  private final Accounts accounts;

  public AuthApi(Accounts accounts) {
    this.accounts = accounts;
  }

  public void mount(Router api) {
    api.post("/auth/login").handler(ctx -> {
      JsonObject body = Fields.body(ctx);
      String login = Fields.requireString(body, "login");
      String password = Fields.requireString(body, "password");
      Replies.reply(ctx, 200, accounts.login(login, password).map(session -> new JsonObject()
          .put("token", session.token())
          .put("expiresAt", session.expiresAt().toString())
          .put("user", session.user().toJson())));
    });
  }
}
