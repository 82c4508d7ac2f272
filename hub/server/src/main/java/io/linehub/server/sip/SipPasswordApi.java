package io.linehub.server.sip;

import io.linehub.api.auth.Caller;
import io.linehub.api.auth.Role;
import io.linehub.api.error.LinehubException;
import io.linehub.api.web.ApiRoutes;
import io.linehub.api.web.Fields;
import io.linehub.api.web.Replies;
import io.linehub.server.auth.UserStore;
import io.linehub.sip.Digest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * {@code PUT /api/v1/users/{id}/sip-password}: the password an agent's phone registers with
 * (digest username = the extension). Admins set anyone's, users their own. Separate from the web
 * password: phones keep it in plain configuration files.
 */
public final class SipPasswordApi implements ApiRoutes {

  private final UserStore users;
  private final PgSipAccounts accounts;

  public SipPasswordApi(UserStore users, PgSipAccounts accounts) {
    this.users = users;
    this.accounts = accounts;
  }

  @Override
  public void mount(Router api) {
    api.put("/users/:id/sip-password").handler(ctx -> {
      Caller caller = Caller.of(ctx);
      long id = Fields.idParam(ctx, "id");
      if (caller.role() != Role.ADMIN && caller.userId() != id) {
        throw LinehubException.forbidden("only admins may set other users' SIP passwords");
      }
      String password = Fields.requireString(Fields.body(ctx), "password");
      if (password.length() < 8 || password.length() > 128) {
        throw LinehubException.badRequest("password: 8 to 128 characters");
      }
      Replies.reply(ctx, 200, users.byId(id).compose(user -> {
        if (user.isEmpty()) {
          return Future.failedFuture(LinehubException.notFound("user " + id + " does not exist"));
        }
        String extension = user.get().extension();
        if (extension == null) {
          return Future.failedFuture(LinehubException.conflict("user " + id + " has no extension to register"));
        }
        return accounts.set(id, extension, Digest.ha1(extension, accounts.realm(), password))
            .map(ignored -> new JsonObject().put("userId", id).put("extension", extension)
                .put("realm", accounts.realm()));
      }));
    });
  }
}
