package io.linehub.server.routing;

import io.linehub.api.auth.Caller;
import io.linehub.api.auth.Role;
import io.linehub.api.crm.Channel;
import io.linehub.api.crm.Identity;
import io.linehub.api.crm.IdentityType;
import io.linehub.api.error.LinehubException;
import io.linehub.api.routing.AgentState;
import io.linehub.api.routing.Assigned;
import io.linehub.api.routing.Enqueued;
import io.linehub.api.routing.Finish;
import io.linehub.api.routing.FinishReason;
import io.linehub.api.routing.Media;
import io.linehub.api.routing.OfferReply;
import io.linehub.api.routing.PresenceChanged;
import io.linehub.api.routing.RouteRequest;
import io.linehub.api.routing.RoutingAddresses;
import io.linehub.api.routing.SetPresence;
import io.linehub.api.web.ApiRoutes;
import io.linehub.api.web.Fields;
import io.linehub.api.web.Replies;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code /api/v1/agents} (presence) and {@code /api/v1/routing/tickets} (offers and their end) over
 * the routing verticle's bus contracts, so any HTTP event loop reaches the one engine.
 */
public final class RoutingApi implements ApiRoutes {

  private static final DeliveryOptions TIMEOUT = new DeliveryOptions().setSendTimeout(5_000);

  private final Vertx vertx;

  public RoutingApi(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public void mount(Router api) {
    api.get("/agents").handler(ctx -> {
      Caller.require(ctx, Role.ADMIN, Role.SUPERVISOR);
      Replies.reply(ctx, 200, this.<JsonArray>ask(RoutingQueries.AGENTS, null));
    });
    api.get("/agents/me").handler(ctx -> Replies.reply(ctx, 200, presence(Caller.of(ctx).userId())));
    api.put("/agents/me/state").handler(ctx -> setState(ctx, Caller.of(ctx).userId()));
    api.put("/agents/:id/state").handler(ctx -> {
      Caller.require(ctx, Role.ADMIN, Role.SUPERVISOR);
      setState(ctx, Fields.idParam(ctx, "id"));
    });
    api.get("/routing/offers").handler(ctx -> Replies.reply(ctx, 200,
        this.<JsonArray>ask(RoutingQueries.OFFERS, Caller.of(ctx).userId())));
    api.post("/routing/tickets").handler(this::enqueue);
    api.post("/routing/tickets/:id/accept").handler(ctx -> Replies.reply(ctx, 200,
        this.<Assigned>ask(RoutingAddresses.ACCEPT, new OfferReply(ctx.pathParam("id"), Caller.of(ctx).userId()))
            .map(RoutingApi::assigned)));
    api.post("/routing/tickets/:id/decline").handler(ctx -> Replies.reply(ctx, 200,
        this.<String>ask(RoutingAddresses.DECLINE, new OfferReply(ctx.pathParam("id"), Caller.of(ctx).userId()))
            .map(id -> new JsonObject().put("ticketId", id))));
    api.post("/routing/tickets/:id/finish").handler(this::finish);
  }

  private Future<JsonObject> presence(long agentId) {
    return this.<JsonArray>ask(RoutingQueries.AGENTS, null).map(all -> all.stream()
        .map(JsonObject.class::cast)
        .filter(p -> p.getLong("agentId") == agentId)
        .findFirst()
        .orElseGet(() -> new JsonObject().put("agentId", agentId).put("state", "offline").put("reason", null)
            .put("since", null).put("activeChats", 0).put("registered", false)));
  }

  private void setState(RoutingContext ctx, long agentId) {
    JsonObject body = Fields.body(ctx);
    AgentState state = Fields.requireEnum(body, "state", AgentState.class);
    if (!state.isChosen()) {
      throw LinehubException.badRequest("state: must be one of available, away, offline");
    }
    String reason = Fields.optString(body, "reason");
    if (reason != null && reason.length() > 64) {
      throw LinehubException.badRequest("reason: at most 64 characters");
    }
    Replies.reply(ctx, 200, this.<PresenceChanged>ask(RoutingAddresses.SET_PRESENCE,
        new SetPresence(agentId, state, reason)).map(PresenceJson::of));
  }

  private void enqueue(RoutingContext ctx) {
    Caller.require(ctx, Role.ADMIN, Role.SUPERVISOR);
    JsonObject body = Fields.body(ctx);
    String ticketId = Fields.requireString(body, "ticketId");
    if (ticketId.length() > 200) {
      throw LinehubException.badRequest("ticketId: at most 200 characters");
    }
    Media media = Fields.requireEnum(body, "media", Media.class);
    Channel channel = Fields.optEnum(body, "channel", Channel.class);
    List<Identity> identities = new ArrayList<>();
    JsonArray given = Fields.optArray(body, "identities");
    for (int i = 0; given != null && i < given.size(); i++) {
      if (!(given.getValue(i) instanceof JsonObject identity)) {
        throw LinehubException.badRequest("identities[" + i + "]: must be an object");
      }
      identities.add(new Identity(Fields.requireEnum(identity, "type", IdentityType.class),
          Fields.requireString(identity, "value")));
    }
    var request = new RouteRequest(ticketId, Fields.requireString(body, "lineId"), media, channel,
        Fields.optString(body, "customer"), identities, Fields.optLong(body, "ownerUserId"));
    this.<Enqueued>ask(RoutingAddresses.ENQUEUE, request).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      Enqueued e = ar.result();
      Replies.json(ctx, e.replayed() ? 200 : 201, new JsonObject().put("ticketId", e.ticketId())
          .put("state", e.state().name().toLowerCase(Locale.ROOT)).put("replayed", e.replayed()).put("open", e.open()));
    });
  }

  /** Supervisors finish any ticket; an agent only the one assigned to them. */
  private void finish(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    String ticketId = ctx.pathParam("id");
    var raw = ctx.body().buffer();
    FinishReason reason = raw == null || raw.length() == 0 ? null
        : Fields.optEnum(Fields.body(ctx), "reason", FinishReason.class);
    Future<Void> allowed = caller.role() != Role.AGENT ? Future.succeededFuture()
        : this.<JsonObject>ask(RoutingQueries.TICKET, ticketId).compose(ticket ->
            Long.valueOf(caller.userId()).equals(ticket.getLong("agentId")) ? Future.succeededFuture()
                : Future.failedFuture(LinehubException.forbidden("ticket " + ticketId + " is not assigned to you")));
    Replies.reply(ctx, 200, allowed
        .compose(ignored -> this.<String>ask(RoutingAddresses.FINISH,
            new Finish(ticketId, reason == null ? FinishReason.COMPLETED : reason)))
        .map(id -> new JsonObject().put("ticketId", id)));
  }

  private static JsonObject assigned(Assigned a) {
    return new JsonObject().put("ticketId", a.ticketId()).put("lineId", a.lineId())
        .put("media", a.media().name().toLowerCase(Locale.ROOT)).put("agentId", a.agentId())
        .put("arrivedAt", a.arrivedAt().toString()).put("assignedAt", a.assignedAt().toString());
  }

  private <T> Future<T> ask(String address, Object body) {
    return vertx.eventBus().<T>request(address, body, TIMEOUT)
        .map(message -> message.body())
        .recover(failure -> Future.failedFuture(LinehubException.from(failure)));
  }
}
