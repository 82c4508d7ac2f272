package io.linehub.server.sip;

import io.linehub.api.auth.Caller;
import io.linehub.api.auth.Role;
import io.linehub.api.error.LinehubException;
import io.linehub.api.sip.Originate;
import io.linehub.api.sip.Originated;
import io.linehub.api.sip.SipAddresses;
import io.linehub.api.web.ApiRoutes;
import io.linehub.api.web.Fields;
import io.linehub.api.web.Replies;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * {@code POST /api/v1/calls}: click-to-call. sip-bridge rings the agent's registered phone, and
 * when the agent answers calls the number through the trunk with the line's caller ID and bridges
 * them. Agents call for themselves; supervisors and admins may start a call for any agent.
 * {@code POST /api/v1/calls/{id}/transfer}: the workspace's blind transfer;
 * {@code POST /api/v1/calls/{id}/hold} and {@code /resume}: its hold, performed by the B2BUA.
 */
public final class ClickToCallApi implements ApiRoutes {

  private static final DeliveryOptions TIMEOUT = new DeliveryOptions().setSendTimeout(5_000);
  /** sip-bridge answers a hold within 10 s (it waits for both phones); a little more for the bus. */
  private static final DeliveryOptions HOLD_TIMEOUT = new DeliveryOptions().setSendTimeout(15_000);
  private static final Set<String> FIELDS = Set.of("agent", "to", "line");

  private final Vertx vertx;

  public ClickToCallApi(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public void mount(Router api) {
    api.post("/calls").handler(this::originate);
    api.post("/calls/:id/transfer").handler(this::transfer);
    api.post("/calls/:id/hold").handler(ctx -> hold(ctx, true));
    api.post("/calls/:id/resume").handler(ctx -> hold(ctx, false));
  }

  /**
   * {@code POST /calls/{id}/hold} and {@code /resume} (body optional, {@code {"agent"}}): the B2BUA
   * re-INVITEs both parties; 200 once done, or at once when the call is already so. Agents hold
   * their own calls; supervisors and admins may name the agent.
   */
  private void hold(RoutingContext ctx, boolean hold) {
    // The body is optional: the workspace's buttons send none.
    JsonObject body = ctx.body().length() <= 0 ? new JsonObject() : body(ctx, Set.of("agent"));
    var request = new io.linehub.api.sip.HoldCall(ctx.pathParam("id"), agent(ctx, body), hold);
    Replies.reply(ctx, 200, vertx.eventBus().<io.linehub.api.sip.HoldCall>request(SipAddresses.HOLD, request,
            HOLD_TIMEOUT)
        .map(reply -> new JsonObject().put("callId", request.callId()).put("agent", request.agentId())
            .put("held", hold))
        .recover(failure -> io.vertx.core.Future.failedFuture(LinehubException.from(failure))));
  }

  /**
   * {@code POST /calls/{id}/transfer {"to", "agent"}}: a blind transfer from the workspace — the
   * agent's party is replaced by {@code to} (an extension or a number), as a REFER from the phone
   * would. Agents transfer their own calls; supervisors and admins may name the agent.
   */
  private void transfer(RoutingContext ctx) {
    JsonObject body = body(ctx, Set.of("to", "agent"));
    String to = Fields.requireString(body, "to").replaceAll("[ ()-]", "");
    if (!to.matches("\\+?[0-9]{2,32}")) {
      throw LinehubException.badRequest("to: an extension or a phone number");
    }
    long agent = agent(ctx, body);
    var request = new io.linehub.api.sip.TransferCall(ctx.pathParam("id"), agent, to);
    Replies.reply(ctx, 202, vertx.eventBus().<io.linehub.api.sip.TransferCall>request(SipAddresses.TRANSFER, request,
            TIMEOUT)
        .map(reply -> new JsonObject().put("callId", request.callId()).put("agent", request.agentId())
            .put("to", request.target()))
        .recover(failure -> io.vertx.core.Future.failedFuture(LinehubException.from(failure))));
  }

  private void originate(RoutingContext ctx) {
    JsonObject body = body(ctx, FIELDS);
    String to = Fields.requireString(body, "to").trim();
    if (!to.matches("\\+?[0-9 ()-]{2,40}")) {
      throw LinehubException.badRequest("to: a phone number or an extension");
    }
    var request = new Originate(agent(ctx, body), to, Fields.optString(body, "line"));
    Replies.reply(ctx, 202, vertx.eventBus().<Originated>request(SipAddresses.ORIGINATE, request, TIMEOUT)
        .map(reply -> new JsonObject().put("callId", reply.body().callId()).put("agent", request.agentId())
            .put("to", to))
        .recover(failure -> io.vertx.core.Future.failedFuture(LinehubException.from(failure))));
  }

  private static JsonObject body(RoutingContext ctx, Set<String> fields) {
    Caller.of(ctx);
    JsonObject body = Fields.body(ctx);
    for (String field : body.fieldNames()) {
      if (!fields.contains(field)) {
        throw LinehubException.badRequest(field + ": unknown field");
      }
    }
    return body;
  }

  /** The agent the request is for: the caller, unless a supervisor or admin names another. */
  private static long agent(RoutingContext ctx, JsonObject body) {
    Caller caller = Caller.of(ctx);
    Long agent = Fields.optLong(body, "agent");
    if (agent != null && agent != caller.userId()) {
      Caller.require(ctx, Role.ADMIN, Role.SUPERVISOR);
    }
    return agent == null ? caller.userId() : agent;
  }
}
