package io.linehub.server.sip;

import io.linehub.api.auth.Caller;
import io.linehub.api.auth.Role;
import io.linehub.api.error.LinehubException;
import io.linehub.api.web.ApiRoutes;
import io.linehub.api.web.Fields;
import io.linehub.api.web.Replies;
import io.linehub.sip.Trunk;
import io.linehub.sip.TrunkDirectory;
import io.linehub.sip.TrunkStatus;
import io.linehub.api.sip.SipAddresses;
import java.util.Map;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code /api/v1/trunks} for admins. Every write reloads the {@link TrunkDirectory} the SIP side
 * checks inbound calls against (host names are resolved on a worker), so a new trunk is trusted
 * without a restart.
 */
public final class TrunksApi implements ApiRoutes {

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:-]{1,253}");
  private static final Set<String> FIELDS = Set.of("id", "name", "host", "port", "transport", "inboundAddresses",
      "username", "password", "register", "registerExpires", "outbound", "callerId");
  private static final Pattern USER = Pattern.compile("[A-Za-z0-9._+~!*'()&=$,;?/-]{1,64}");
  private static final Pattern CALLER_ID = Pattern.compile("\\+[0-9]{3,20}");

  private final Vertx vertx;
  private final PgTrunkStore store;
  private final TrunkDirectory directory;
  private final TrunkStatus status;

  public TrunksApi(Vertx vertx, PgTrunkStore store, TrunkDirectory directory, TrunkStatus status) {
    this.vertx = vertx;
    this.store = store;
    this.directory = directory;
    this.status = status;
  }

  /**
   * Loads every trunk into the directory (at start and after each write) and tells sip-bridge, which
   * registers to the providers that want it.
   */
  public Future<Void> reload() {
    return store.all().compose(all -> vertx.<Void>executeBlocking(() -> {
      directory.replace(all);
      return null;
    }, false)).onSuccess(ignored -> vertx.eventBus().publish(SipAddresses.TRUNKS_CHANGED, null));
  }

  @Override
  public void mount(Router api) {
    api.route("/trunks*").handler(ctx -> {
      Caller.require(ctx, Role.ADMIN);
      ctx.next();
    });
    api.get("/trunks").handler(ctx -> Replies.reply(ctx, 200, store.all().map(all -> {
      JsonArray out = new JsonArray();
      all.forEach(t -> out.add(json(t)));
      return out;
    })));
    api.get("/trunks/:id").handler(ctx -> Replies.reply(ctx, 200, store.byId(ctx.pathParam("id")).compose(t -> t
        .map(found -> Future.succeededFuture(json(found)))
        .orElseGet(() -> Future.failedFuture(LinehubException.notFound("trunk " + ctx.pathParam("id")
            + " does not exist"))))));
    api.put("/trunks/:id").handler(this::put);
    api.delete("/trunks/:id").handler(ctx -> Replies.reply(ctx, 200, store.delete(ctx.pathParam("id"))
        .compose(deleted -> deleted ? reload() : Future.failedFuture(LinehubException.notFound("trunk "
            + ctx.pathParam("id") + " does not exist")))
        .map(ignored -> new JsonObject().put("id", ctx.pathParam("id")).put("deleted", true))));
  }

  private void put(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!ID.matcher(id).matches()) {
      throw LinehubException.badRequest("id: 1-40 characters of a-z, 0-9, '_' or '-'");
    }
    JsonObject body = Fields.body(ctx);
    for (String field : body.fieldNames()) {
      if (!FIELDS.contains(field)) {
        throw LinehubException.badRequest(field + ": unknown field");
      }
    }
    if (body.containsKey("id") && !id.equals(body.getValue("id"))) {
      throw LinehubException.badRequest("id: must match the path");
    }
    String host = Fields.requireString(body, "host").trim();
    if (!HOST.matcher(host).matches()) {
      throw LinehubException.badRequest("host: a host name or IP address");
    }
    Long port = Fields.optLong(body, "port");
    if (port != null && (port < 1 || port > 65535)) {
      throw LinehubException.badRequest("port: 1 to 65535");
    }
    String transport = Fields.optString(body, "transport");
    transport = transport == null ? "udp" : transport.toLowerCase(Locale.ROOT);
    if (!transport.equals("udp") && !transport.equals("tcp")) {
      throw LinehubException.badRequest("transport: udp or tcp");
    }
    List<String> inbound = new ArrayList<>();
    JsonArray given = Fields.optArray(body, "inboundAddresses");
    for (int i = 0; given != null && i < given.size(); i++) {
      Object value = given.getValue(i);
      if (!(value instanceof String address) || !isIpLiteral(address)) {
        throw LinehubException.badRequest("inboundAddresses[" + i + "]: an IPv4 or IPv6 address");
      }
      inbound.add(address);
    }
    String name = Fields.optString(body, "name");
    String username = Fields.optString(body, "username");
    if (username != null && !USER.matcher(username).matches()) {
      throw LinehubException.badRequest("username: 1-64 characters allowed in a SIP user part");
    }
    String password = Fields.optString(body, "password");
    if (password != null && (password.isEmpty() || password.length() > 128)) {
      throw LinehubException.badRequest("password: 1-128 characters");
    }
    boolean register = Boolean.TRUE.equals(Fields.optBoolean(body, "register"));
    if (register && username == null) {
      throw LinehubException.badRequest("register: needs a username");
    }
    Long expires = Fields.optLong(body, "registerExpires");
    if (expires != null && (expires < 60 || expires > 3600)) {
      throw LinehubException.badRequest("registerExpires: 60 to 3600 seconds");
    }
    Boolean outbound = Fields.optBoolean(body, "outbound");
    String callerId = Fields.optString(body, "callerId");
    if (callerId != null && !CALLER_ID.matcher(callerId).matches()) {
      throw LinehubException.badRequest("callerId: an E.164 number such as +74951234567");
    }
    boolean keepPassword = !body.containsKey("password");
    int port1 = port == null ? 5060 : port.intValue();
    String transport1 = transport;
    // The password is never shown, so an edit that leaves it out keeps the stored one; null clears it.
    store.byId(id).map(existing -> new Trunk(id, name == null ? id : name, host, port1, transport1, inbound,
            username, keepPassword ? existing.map(Trunk::password).orElse(null) : password, register,
            expires == null ? 300 : expires.intValue(), outbound == null || outbound, callerId))
        .compose(trunk -> store.put(trunk).compose(created -> reload().map(created)).map(created -> Map.entry(created,
            trunk)))
        .onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        Replies.json(ctx, ar.result().getKey() ? 201 : 200, json(ar.result().getValue()));
      }
    });
  }

  /** A literal address, checked without any lookup (getByName does not resolve a literal). */
  private static boolean isIpLiteral(String text) {
    if (!text.matches("[0-9.]+") && !text.matches("[0-9a-fA-F:]+")) {
      return false;
    }
    try {
      return InetAddress.getByName(text).getHostAddress() != null;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  private JsonObject json(Trunk t) {
    JsonObject out = new JsonObject().put("id", t.id()).put("name", t.name()).put("host", t.host())
        .put("port", t.port()).put("transport", t.transport()).put("inboundAddresses", new JsonArray(t.inboundAddresses()))
        .put("username", t.username()).put("hasPassword", t.password() != null).put("register", t.register())
        .put("registerExpires", t.registerExpires()).put("outbound", t.outbound()).put("callerId", t.callerId());
    if (t.register()) {
      TrunkStatus.Registration r = status.of(t.id());
      out.put("registration", new JsonObject().put("state", r.state().name().toLowerCase(Locale.ROOT))
          .put("expiresAt", r.expiresAt() == null ? null : r.expiresAt().toString()).put("lastError", r.lastError()));
    }
    return out;
  }
}
