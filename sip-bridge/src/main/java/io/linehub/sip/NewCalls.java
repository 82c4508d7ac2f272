package io.linehub.sip;

import io.linehub.api.crm.Channel;
import io.linehub.api.crm.Identity;
import io.linehub.api.routing.Enqueued;
import io.linehub.api.routing.Media;
import io.linehub.api.routing.RouteRequest;
import io.linehub.api.routing.RoutingAddresses;
import io.linehub.api.sip.CallDirection;
import io.linehub.api.sip.CallEventType;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sip.Dialog;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;

/**
 * Where calls start: a trunk's INVITE to a line's number (a routing ticket), an agent's phone
 * calling a colleague's extension (internal), a line's number (routed like a customer) or any
 * other number (out through the outbound trunk with the line's caller ID). Part of {@link Calls};
 * confined to the SIP verticle's context.
 */
final class NewCalls {

  private static final Logger LOG = Calls.LOG;

  private final Calls b2bua;
  private final Vertx vertx;
  private final SipProvider provider;
  private final SipFactories f;
  private final Bindings bindings;
  private final LineLookup lines;
  private final TrunkDirectory trunks;
  private final Clock clock;
  private final Map<String, Leg> legs;

  NewCalls(Calls b2bua) {
    this.b2bua = b2bua;
    this.vertx = b2bua.vertx;
    this.provider = b2bua.provider;
    this.f = b2bua.f;
    this.bindings = b2bua.bindings;
    this.lines = b2bua.lines;
    this.trunks = b2bua.trunks;
    this.clock = b2bua.clock;
    this.legs = b2bua.legs;
  }

  /** An INVITE from a trunk: to a line's number it becomes a routing ticket; anything else is 404. */
  void invite(RequestEvent event) throws Exception {
    Request request = event.getRequest();
    String callId = Calls.callId(request);
    if (b2bua.calls.containsKey(callId)) {
      return;
    }
    ServerTransaction tx = b2bua.serverTransaction(event);
    String user = Calls.userOf(request.getRequestURI());
    String number = user == null ? null : Numbers.normalize(user);
    Optional<LineRef> line = number == null ? Optional.empty() : lines.byNumber(number);
    if (line.isEmpty()) {
      tx.sendResponse(f.messages().createResponse(Response.NOT_FOUND, request));
      return;
    }
    String caller = Calls.userOf(((FromHeader) request.getHeader(FromHeader.NAME)).getAddress().getURI());
    CallSession call = incoming(event, tx, CallDirection.INBOUND, line.get(), null, caller == null ? null
        : Numbers.isPhoneNumber(caller) ? Numbers.normalize(caller) : caller, number, true);
    var route = new RouteRequest(callId, line.get().id(), Media.CALL, Channel.PHONE, call.from,
        call.from == null ? List.of() : List.of(Identity.phone(call.from)), null);
    vertx.eventBus().<Enqueued>request(RoutingAddresses.ENQUEUE, route, Calls.TIMEOUT).onComplete(ar -> {
      if (ar.failed()) {
        LOG.warn("Routing refused the call [call-id: {}]: {}", callId, ar.cause().getMessage());
        b2bua.endCaller(call, Response.SERVICE_UNAVAILABLE, null);
      }
      // A ticket that fell back at once (out of hours) is handled by routing.fell-back, published
      // before this reply, like any other fallback.
    });
  }

  /**
   * A call from an authenticated agent's phone: to another registered extension it rings that
   * agent's phones directly (no queue); to a line's number it is routed like any inbound call; any
   * other number goes out through the outbound trunk.
   */
  void fromAgent(RequestEvent event, SipAccounts.Account agent) throws Exception {
    Request request = event.getRequest();
    String callId = Calls.callId(request);
    if (b2bua.calls.containsKey(callId)) {
      return;
    }
    String number = Calls.userOf(request.getRequestURI());
    Optional<Long> callee = number == null ? Optional.empty() : bindings.agentOfExtension(number);
    if (callee.isEmpty() && number != null && lines.byNumber(Numbers.normalize(number)).isPresent()) {
      invite(event);
      return;
    }
    ServerTransaction tx = b2bua.serverTransaction(event);
    if (callee.isPresent()) {
      CallSession call = incoming(event, tx, CallDirection.INTERNAL, null, agent.userId(), agent.extension(), number,
          false);
      call.agentIds.add(agent.userId());
      b2bua.forkToAgent(call, callee.get(), number, b2bua::offerOutcome);
      return;
    }
    Optional<Trunk> trunk = trunks.outbound();
    if (number == null || !Numbers.isDialable(number) || trunk.isEmpty()) {
      LOG.info("Outbound call refused [extension: {}, to: {}, trunk: {}]", agent.extension(), number,
          trunk.map(Trunk::id).orElse("none"));
      tx.sendResponse(f.messages().createResponse(Response.NOT_FOUND, request));
      return;
    }
    Optional<LineRef> line = lines.ofAgent(agent.userId());
    String dialled = number.length() > 6 ? Numbers.normalize(number) : number;
    CallSession call = incoming(event, tx, CallDirection.OUTBOUND, line.orElse(null), agent.userId(), agent.extension(),
        dialled, false);
    call.agentIds.add(agent.userId());
    try {
      b2bua.toTrunk(call, trunk.get(), dialled, b2bua.callerId(line, trunk.get()), call.a.sdp, call.a.sdpType, b2bua.bridgeOutcome());
    } catch (Exception e) {
      LOG.warn("Outbound INVITE not sent [call-id: {}]: {}", callId, e.toString());
      b2bua.endCaller(call, Response.SERVER_INTERNAL_ERROR, null);
    }
  }

  CallSession incoming(RequestEvent event, ServerTransaction tx, CallDirection direction, LineRef line,
      Long callerAgent, String from, String to, boolean routed) throws Exception {
    Request request = event.getRequest();
    Dialog dialog = provider.getNewDialog(tx);
    tx.sendResponse(f.messages().createResponse(Response.TRYING, request));
    CallSession call = new CallSession(Calls.callId(request), direction, line, from, to, clock.instant(), tx, request,
        Long.toHexString(b2bua.random.nextLong()), routed);
    call.a = new Leg(call, Leg.Kind.CALLER, callerAgent, from, call.id, dialog, null, call.startedAt, null);
    call.a.sdp(request.getRawContent(), (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME));
    b2bua.calls.put(call.id, call);
    legs.put(call.id, call.a);
    // An agent placing the call is on it from now: routing offers them no queue call until it ends.
    b2bua.publish(call, CallEventType.STARTED, callerAgent, null);
    return call;
  }
}
