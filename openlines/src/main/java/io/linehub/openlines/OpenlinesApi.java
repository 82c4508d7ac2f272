package io.linehub.openlines;

import io.linehub.api.auth.Caller;
import io.linehub.api.auth.Role;
import io.linehub.api.error.LinehubException;
import io.linehub.api.web.ApiRoutes;
import io.linehub.api.web.Fields;
import io.linehub.api.web.Replies;
import io.linehub.openlines.connector.Connector;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;

/** REST under {@code /api/v1/openlines} (docs/openapi.yaml): channels for admins, sessions for operators. */
final class OpenlinesApi implements ApiRoutes {

  private final ChannelStore channels;
  private final SessionStore sessions;
  private final LineSettings.Store lines;
  private final Engine engine;
  private final Map<String, String> defaultBaseUrls;

  OpenlinesApi(ChannelStore channels, SessionStore sessions, LineSettings.Store lines, Engine engine,
      Map<String, String> defaultBaseUrls) {
    this.channels = channels;
    this.sessions = sessions;
    this.lines = lines;
    this.engine = engine;
    this.defaultBaseUrls = defaultBaseUrls;
  }

  @Override
  public void mount(Router api) {
    api.get("/openlines/channels").handler(this::channels);
    api.post("/openlines/channels").handler(this::create);
    api.patch("/openlines/channels/:channelId").handler(this::update);
    api.get("/openlines/sessions").handler(this::sessions);
    api.get("/openlines/sessions/:sessionId").handler(this::session);
    api.post("/openlines/sessions/:sessionId/close").handler(ctx -> close(ctx, "closed"));
    api.post("/openlines/sessions/:sessionId/spam").handler(ctx -> close(ctx, "spam"));
    api.post("/openlines/sessions/:sessionId/transfer").handler(this::transfer);
    api.get("/openlines/lines/:lineId/settings").handler(ctx -> {
      Caller.of(ctx);
      Replies.reply(ctx, 200, lines.get(ctx.pathParam("lineId")).map(LineSettings::toJson));
    });
    api.put("/openlines/lines/:lineId/settings").handler(ctx -> {
      Caller.require(ctx, Role.ADMIN);
      Replies.reply(ctx, 200, lines.put(LineSettings.from(ctx.pathParam("lineId"), Fields.body(ctx)))
          .map(LineSettings::toJson));
    });
  }

  /** To another operator ({@code userId}) or another line ({@code lineId}). */
  private void transfer(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    JsonObject body = Fields.body(ctx);
    Long userId = Fields.optLong(body, "userId");
    String lineId = Fields.optString(body, "lineId");
    if ((userId == null) == (lineId == null)) {
      throw LinehubException.badRequest("give userId (an operator) or lineId (a line), one of them");
    }
    long sessionId = Fields.idParam(ctx, "sessionId");
    Replies.reply(ctx, 200, mine(caller, sessionId)
        .compose(session -> userId != null ? engine.transferToOperator(sessionId, userId)
            : engine.transferToLine(sessionId, lineId))
        .map(Session::toJson));
  }

  private void channels(RoutingContext ctx) {
    Caller.require(ctx, Role.ADMIN, Role.SUPERVISOR);
    Replies.reply(ctx, 200, channels.all().map(all -> {
      JsonArray items = new JsonArray();
      all.forEach(channel -> items.add(channel.toJson()));
      return new JsonObject().put("items", items);
    }));
  }

  private void create(RoutingContext ctx) {
    Caller.require(ctx, Role.ADMIN);
    JsonObject body = Fields.body(ctx);
    String id = Fields.requireString(body, "id");
    if (!id.matches("[a-z0-9][a-z0-9_-]{0,62}")) {
      throw LinehubException.badRequest("id: lower-case letters, digits, - and _, up to 63");
    }
    String kind = Fields.requireString(body, "kind");
    Connector connector = engine.connector(kind);
    String baseUrl = baseUrl(Fields.optString(body, "baseUrl"), defaultBaseUrls.get(connector.kind()));
    Map<String, String> secrets = strings(body, "secrets");
    if (io.linehub.openlines.site.SiteConnector.KIND.equals(kind)) {
      // Signs the visitors' tokens; made here so it never has to travel.
      secrets.putIfAbsent("visitorKey", io.linehub.openlines.site.VisitorTokens.newKey());
    }
    Replies.reply(ctx, 201, channels.create(id, kind, Fields.requireString(body, "lineId"),
        nameOr(Fields.optString(body, "name"), id), baseUrl, strings(body, "settings"), secrets)
        .compose(channel -> engine.channelsChanged().map(channel))
        .map(Channel::toJson));
  }

  private void update(RoutingContext ctx) {
    Caller.require(ctx, Role.ADMIN);
    JsonObject body = Fields.body(ctx);
    String baseUrl = Fields.optString(body, "baseUrl");
    Replies.reply(ctx, 200, channels.update(ctx.pathParam("channelId"), Fields.optString(body, "lineId"),
        Fields.optString(body, "name"), baseUrl == null ? null : baseUrl(baseUrl, null), Fields.optBoolean(body, "enabled"),
        strings(body, "settings"), strings(body, "secrets"))
        .compose(channel -> engine.channelsChanged().map(channel))
        .map(Channel::toJson));
  }

  private void sessions(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    String status = ctx.queryParams().get("status");
    if (status != null && !java.util.Set.of("open", "new", "waiting", "answered", "closed", "spam").contains(status)) {
      throw LinehubException.badRequest("status: open, new, waiting, answered, closed or spam");
    }
    Integer limit = Fields.param(ctx, "limit", Integer::parseInt);
    if (limit != null && (limit < 1 || limit > 500)) {
      throw LinehubException.badRequest("limit: 1 to 500");
    }
    // An operator sees their own conversations; supervisors and admins see every one.
    Long operator = caller.role() == Role.AGENT ? Long.valueOf(caller.userId()) : null;
    Replies.reply(ctx, 200, sessions.list(status, ctx.queryParams().get("lineId"), operator,
        limit == null ? 100 : limit).map(list -> {
          JsonArray items = new JsonArray();
          list.forEach(s -> items.add(s.toJson()));
          return new JsonObject().put("items", items);
        }));
  }

  private void session(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    Replies.reply(ctx, 200, mine(caller, Fields.idParam(ctx, "sessionId")).map(Session::toJson));
  }

  private void close(RoutingContext ctx, String status) {
    Caller caller = Caller.of(ctx);
    // Vert.x gives a request without a body a length of -1, an empty one 0: both mean no reason.
    JsonObject body = ctx.body() == null || ctx.body().length() <= 0 ? new JsonObject() : Fields.body(ctx);
    String reason = Fields.optString(body, "reason");
    Replies.reply(ctx, 200, mine(caller, Fields.idParam(ctx, "sessionId"))
        .compose(session -> engine.close(session.id(), status, reason == null ? "by user " + caller.userId() : reason))
        .map(Session::toJson));
  }

  /** The session, if the caller is its operator, a supervisor or an admin. */
  private Future<Session> mine(Caller caller, long sessionId) {
    return sessions.get(sessionId).compose(session -> caller.role() != Role.AGENT
        || session.operatorId() != null && session.operatorId() == caller.userId()
        ? Future.succeededFuture(session)
        : Future.failedFuture(LinehubException.forbidden("session " + sessionId + " is another operator's")));
  }

  private static String baseUrl(String given, String fallback) {
    String url = given == null || given.isBlank() ? fallback : given.strip();
    if (url == null || !(url.startsWith("https://") || url.startsWith("http://"))) {
      throw LinehubException.badRequest("baseUrl: an http(s) URL");
    }
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static String nameOr(String name, String id) {
    return name == null || name.isBlank() ? id : name.strip();
  }

  /** A JSON object of strings (settings, secrets); empty when absent. */
  private static Map<String, String> strings(JsonObject body, String field) {
    JsonObject object = Fields.optObject(body, field);
    Map<String, String> out = new HashMap<>();
    if (object != null) {
      for (var entry : object) {
        if (entry.getValue() != null && !(entry.getValue() instanceof String)) {
          throw LinehubException.badRequest(field + "." + entry.getKey() + ": a string");
        }
        out.put(entry.getKey(), (String) entry.getValue());
      }
    }
    return out;
  }
}
