package io.linehub.server.auth;

import io.linehub.api.auth.Caller;
import io.linehub.api.auth.Role;
import io.linehub.api.error.LinehubException;
import io.linehub.api.web.ApiRoutes;
import io.linehub.api.web.Fields;
import io.linehub.api.web.Page;
import io.linehub.api.web.Replies;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Optional;

/** {@code /api/v1/users}: admins manage people; anyone may read themselves at {@code /users/me}. */
public final class UsersApi implements ApiRoutes {

  static final int MIN_PASSWORD = 8;

  private final Accounts accounts;
  private final UserStore users;

  public UsersApi(Accounts accounts, UserStore users) {
    this.accounts = accounts;
    this.users = users;
  }

  @Override
  public void mount(Router api) {
    // Signing out ends every token of the caller, on every device (tokens carry no session id).
    api.post("/auth/logout").handler(ctx -> Replies.reply(ctx, 200,
        accounts.signOut(Caller.of(ctx).userId()).map(ignored -> new io.vertx.core.json.JsonObject()
            .put("signedOut", true))));
    api.get("/users/me").handler(ctx -> {
      long me = Caller.of(ctx).userId();
      Replies.reply(ctx, 200, found(users.byId(me), me));
    });
    api.get("/users").handler(this::list);
    api.post("/users").handler(this::create);
    api.get("/users/:id").handler(ctx -> {
      Caller caller = Caller.of(ctx);
      long id = Fields.idParam(ctx, "id");
      if (caller.role() != Role.ADMIN && caller.userId() != id) {
        throw LinehubException.forbidden("only admins may read other users");
      }
      Replies.reply(ctx, 200, found(users.byId(id), id));
    });
    api.patch("/users/:id").handler(this::update);
  }

  private void list(RoutingContext ctx) {
    Caller.require(ctx, Role.ADMIN, Role.SUPERVISOR);
    Page page = Page.of(ctx);
    Replies.reply(ctx, 200, users.list(page).compose(list -> users.count().map(total -> {
      JsonArray items = new JsonArray();
      list.forEach(user -> items.add(user.toJson()));
      return page.envelope(items, total);
    })));
  }

  private void create(RoutingContext ctx) {
    Caller.require(ctx, Role.ADMIN);
    JsonObject body = Fields.body(ctx);
    String login = Fields.requireString(body, "login").trim().toLowerCase(Locale.ROOT);
    String displayName = Fields.requireString(body, "displayName").trim();
    Role role = Role.parse(Fields.requireString(body, "role"));
    String extension = extension(Fields.optString(body, "extension"));
    String password = password(Fields.requireString(body, "password"));
    if (!login.matches("[a-z0-9][a-z0-9._-]{1,63}")) {
      throw LinehubException.badRequest("login: 2-64 characters of a-z, 0-9, '.', '_' or '-'");
    }
    Replies.reply(ctx, 201, accounts.create(login, displayName, role, extension, password).map(User::toJson));
  }

  private void update(RoutingContext ctx) {
    Caller caller = Caller.require(ctx, Role.ADMIN);
    long id = Fields.idParam(ctx, "id");
    JsonObject body = Fields.body(ctx);
    String displayName = Fields.optString(body, "displayName");
    if (displayName != null && displayName.isBlank()) {
      throw LinehubException.badRequest("displayName: must not be blank");
    }
    String roleName = Fields.optString(body, "role");
    Role role = roleName == null ? null : Role.parse(roleName);
    boolean clearExtension = body.containsKey("extension") && body.getValue("extension") == null;
    String extension = extension(Fields.optString(body, "extension"));
    String passwordValue = Fields.optString(body, "password");
    String password = passwordValue == null ? null : password(passwordValue);
    Boolean active = Fields.optBoolean(body, "active");
    if (caller.userId() == id && (Boolean.FALSE.equals(active) || (role != null && role != Role.ADMIN))) {
      throw LinehubException.conflict("an admin may not deactivate or demote themselves");
    }
    var patch = new UserStore.UserPatch(displayName == null ? null : displayName.trim(), role, extension,
        clearExtension, null, active);
    Replies.reply(ctx, 200, found(accounts.update(id, patch, password), id));
  }

  private static Future<JsonObject> found(Future<Optional<User>> user, long id) {
    return user.compose(u -> u
        .map(found -> Future.succeededFuture(found.toJson()))
        .orElseGet(() -> Future.failedFuture(LinehubException.notFound("user " + id + " does not exist"))));
  }

  private static String extension(String extension) {
    if (extension != null && !extension.matches("[0-9]{2,8}")) {
      throw LinehubException.badRequest("extension: 2 to 8 digits");
    }
    return extension;
  }

  private static String password(String password) {
    if (password.length() < MIN_PASSWORD || password.length() > 256) {
      throw LinehubException.badRequest("password: " + MIN_PASSWORD + " to 256 characters");
    }
    return password;
  }
}
