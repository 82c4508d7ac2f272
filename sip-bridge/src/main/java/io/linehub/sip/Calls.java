package io.linehub.sip;

import io.linehub.api.crm.Outcome;
import io.linehub.api.routing.FallbackAction;
import io.linehub.api.routing.FellBack;
import io.linehub.api.routing.FinishReason;
import io.linehub.api.routing.OfferReply;
import io.linehub.api.routing.OfferWithdrawn;
import io.linehub.api.routing.Offered;
import io.linehub.api.routing.RoutingAddresses;
import io.linehub.api.sip.CallDisposition;
import io.linehub.api.sip.CallEvent;
import io.linehub.api.sip.CallEventType;
import io.linehub.api.sip.Originate;
import io.linehub.api.sip.Originated;
import io.linehub.api.sip.SipAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The B2BUA. Every call is a {@link CallSession} bridging two {@link Leg}s; the hub is a UA on each
 * leg, so it sees and decides everything (routing, transfers, the CRM) while media flows directly
 * between the endpoints (SDP is passed through).
 *
 * <ul>
 *   <li>Inbound: a trunk's INVITE to a line's number is a routing ticket; each {@code offered} forks
 *       an INVITE to the offered agents' phones; the first 200 is the agent's accept (routing's
 *       atomic claim decides a race), the caller gets 200 with the agent's SDP.
 *   <li>Internal: an agent's phone calling an extension rings that agent's phones directly.
 *   <li>Outbound: an agent's phone calling any other number goes out through the outbound trunk
 *       with the agent's line's number as caller ID.
 *   <li>Click-to-call (RFC 3725 flow I): ring the agent with no SDP, offer the agent's SDP to the
 *       customer through the trunk, and ACK the agent with the customer's answer.
 *   <li>In-dialog requests (re-INVITE for hold, INFO, UPDATE) are relayed to the other leg; BYE
 *       ends both; REFER transfers (blind to an extension or number, attended with Replaces) are
 *       performed by the B2BUA itself with NOTIFY progress to the transferor.
 *   <li>Hold and resume from the agent workspace: the B2BUA re-INVITEs both legs itself.
 * </ul>
 * This class holds the calls and legs, routing's side and the shared leg operations; the rest is in
 * its parts: {@link NewCalls}, {@link LegResponses}, {@link Relays}, {@link Transfers},
 * {@link ClickToCall}, {@link Holds} and {@link Endings}. Confined to the SIP verticle's context.
 */
final class Calls {

  static final Logger LOG = LoggerFactory.getLogger(Calls.class);
  static final DeliveryOptions TIMEOUT = new DeliveryOptions().setSendTimeout(5_000);

  final Vertx vertx;
  final SipProvider provider;
  final SipFactories f;
  final Bindings bindings;
  final LineLookup lines;
  final TrunkDirectory trunks;
  final Clock clock;
  final SipSettings settings;
  final int port;
  final Map<String, CallSession> calls = new HashMap<>();
  final Map<String, Leg> legs = new HashMap<>();
  final SecureRandom random = new SecureRandom();

  Calls(Vertx vertx, SipProvider provider, SipFactories factories, Bindings bindings,
      LineLookup lines, TrunkDirectory trunks, SipSettings settings, int port, Clock clock) {
    this.vertx = vertx;
    this.provider = provider;
    this.f = factories;
    this.bindings = bindings;
    this.lines = lines;
    this.trunks = trunks;
    this.settings = settings;
    this.port = port;
    this.clock = clock;
    this.responses = new LegResponses(this);
    this.endings = new Endings(this);
    this.newCalls = new NewCalls(this);
  }

  private final Transfers transfers = new Transfers(this);
  final Relays relays = new Relays(this);
  private final ClickToCall clickToCall = new ClickToCall(this);
  private final Holds holds = new Holds(this);
  // Made after the fields above are set: these parts keep their own references to them.
  private final LegResponses responses;
  private final Endings endings;
  private final NewCalls newCalls;

  /** Click-to-call: ring the agent's phones first; the customer is called once the agent answers. */
  Future<Originated> originate(Originate request) {
    return clickToCall.originate(request);
  }

  /** A re-INVITE, UPDATE or INFO on a leg, relayed to the other leg; false when no call has the leg. */
  boolean inDialog(RequestEvent event) throws Exception {
    return relays.inDialog(event);
  }

  /** A blind transfer asked for over the API. */
  Future<io.linehub.api.sip.TransferCall> transfer(io.linehub.api.sip.TransferCall request) {
    return transfers.requested(request);
  }

  /** Hold or resume asked for over the API. */
  Future<io.linehub.api.sip.HoldCall> hold(io.linehub.api.sip.HoldCall request) {
    return holds.requested(request);
  }

  /** A REFER on a leg: the transfer; false when no call has the leg. */
  boolean refer(RequestEvent event) throws Exception {
    return transfers.refer(event);
  }

  /** Calls in progress on this node, for the metrics and the soak benchmark. */
  int live() {
    return calls.size();
  }

  /** Legs (dialogs) the B2BUA holds for live calls. */
  int liveLegs() {
    return legs.size();
  }

  // ---- new calls: see NewCalls ------------------------------------------------------------

  /** An INVITE from a trunk: to a line's number it becomes a routing ticket; anything else is 404. */
  void invite(RequestEvent event) throws Exception {
    newCalls.invite(event);
  }

  /** A call from an authenticated agent's phone: internal, routed to a line, or out through the trunk. */
  void fromAgent(RequestEvent event, SipAccounts.Account agent) throws Exception {
    newCalls.fromAgent(event, agent);
  }

  // ---- routing's events --------------------------------------------------------------------

  void offered(Offered offer) {
    CallSession call = calls.get(offer.ticketId());
    if (call == null || call.b != null || call.finished) {
      return;
    }
    for (Long agentId : offer.agentIds()) {
      Optional<String> extension = bindings.extensionOf(agentId);
      if (extension.isEmpty()) {
        vertx.eventBus().request(RoutingAddresses.DECLINE, new OfferReply(call.id, agentId), TIMEOUT);
        continue;
      }
      forkToAgent(call, agentId, extension.get(), this::offerOutcome);
    }
  }

  void withdrawn(OfferWithdrawn withdrawn) {
    CallSession call = calls.get(withdrawn.ticketId());
    if (call != null) {
      for (Long agentId : withdrawn.agentIds()) {
        cancelOutgoing(call, null, leg -> leg.kind == Leg.Kind.AGENT && agentId.equals(leg.agentId));
      }
    }
  }

  /**
   * Nobody took the call: forward it through the trunk when the line says so, otherwise the caller
   * hears 480 (voicemail and greetings come with the media plane) and the CRM gets the missed call
   * with its callback activity.
   */
  void fellBack(FellBack fellBack) {
    CallSession call = calls.get(fellBack.ticketId());
    if (call == null || call.b != null || call.finished) {
      return;
    }
    cancelOutgoing(call, null, leg -> true);
    Optional<Trunk> trunk = trunks.outbound();
    String target = fellBack.fallback().target();
    if (fellBack.fallback().action() == FallbackAction.FORWARD && target != null && trunk.isPresent()
        && call.invite != null) {
      call.forwarded = true;
      try {
        toTrunk(call, trunk.get(), Numbers.normalize(target), call.from, call.a.sdp, call.a.sdpType, new Leg.Outcome() {
          @Override
          public void ringing(Leg leg, Response provisional) {
            ringCaller(call, provisional);
          }

          @Override
          public void answered(Leg leg, Response ok) {
            bridge(call, leg);
          }

          @Override
          public void failed(Leg leg, int status) {
            endCaller(call, Response.TEMPORARILY_UNAVAILABLE, null);
          }
        });
        return;
      } catch (Exception e) {
        LOG.warn("Forward not sent [call-id: {}, to: {}]: {}", call.id, target, e.toString());
      }
    }
    endCaller(call, Response.TEMPORARILY_UNAVAILABLE, null);
  }

  // ---- outgoing legs -----------------------------------------------------------------------

  void forkToAgent(CallSession call, long agentId, String extension, Function<CallSession, Leg.Outcome> outcome) {
    boolean sent = false;
    for (Bindings.Binding binding : bindings.contacts(extension)) {
      try {
        FromHeader callerFrom = call.request == null ? null : (FromHeader) call.request.getHeader(FromHeader.NAME);
        sendInvite(call, Leg.Kind.AGENT, agentId, binding.contact(),
            callerFrom != null ? callerFrom.getAddress() : callerAddress(call.from), call.a.sdp, call.a.sdpType,
            outcome.apply(call));
        sent = true;
      } catch (Exception e) {
        LOG.warn("Fork not sent [call-id: {}, contact: {}]: {}", call.id, binding.contact(), e.toString());
      }
    }
    if (sent) {
      call.agentIds.add(agentId);
      publish(call, CallEventType.OFFERED, agentId, null);
    }
  }

  /** An INVITE to an external number through the trunk, presenting {@code callerId}. */
  Leg toTrunk(CallSession call, Trunk trunk, String number, String callerId, byte[] sdp,
      ContentTypeHeader sdpType, Leg.Outcome outcome) throws Exception {
    String uri = "sip:" + number + "@" + trunk.host() + ":" + trunk.port()
        + (trunk.transport().equals("udp") ? "" : ";transport=" + trunk.transport());
    Address from = f.addresses().createAddress("sip:" + (callerId == null ? "anonymous" : callerId) + "@"
        + ourHostFor(trunk.host()));
    Leg leg = sendInvite(call, Leg.Kind.TRUNK, null, uri, from, sdp, sdpType, outcome);
    leg.trunk = trunk;
    return leg;
  }

  Leg sendInvite(CallSession call, Leg.Kind kind, Long agentId, String targetUri, Address fromAddress,
      byte[] sdp, ContentTypeHeader sdpType, Leg.Outcome outcome) throws Exception {
    SipURI target = (SipURI) f.addresses().createURI(targetUri);
    String transport = target.getTransportParam() == null ? "udp" : target.getTransportParam().toLowerCase();
    FromHeader from = f.headers().createFromHeader(fromAddress, Long.toHexString(random.nextLong()));
    ToHeader to = f.headers().createToHeader(f.addresses().createAddress(target), null);
    CallIdHeader legCallId = provider.getNewCallId();
    Request invite = f.messages().createRequest(target, Request.INVITE, legCallId,
        f.headers().createCSeqHeader(1L, Request.INVITE), from, to,
        List.of(f.headers().createViaHeader(ourHostFor(target.getHost()), port, transport, null)),
        f.headers().createMaxForwardsHeader(70));
    invite.addHeader(f.headers().createContactHeader(ourAddress(target.getHost())));
    byte[] offer = Sdp.active(sdp);
    if (offer != null) {
      invite.setContent(offer, sdpType);
    }
    ClientTransaction tx = provider.getNewClientTransaction(invite);
    Dialog dialog = provider.getNewDialog(tx);
    Leg leg = new Leg(call, kind, agentId, kind == Leg.Kind.TRUNK ? userOf(target) : targetUri,
        legCallId.getCallId(), dialog, tx, clock.instant(), outcome);
    leg.sent(offer);
    tx.setApplicationData(leg);
    call.outgoing.add(leg);
    legs.put(leg.callId, leg);
    tx.sendRequest();
    return leg;
  }

  /** How an inbound or internal call treats its forks to agents. */
  Leg.Outcome offerOutcome(CallSession call) {
    return new Leg.Outcome() {
      @Override
      public void ringing(Leg leg, Response provisional) {
        ringCaller(call, null);
        publish(call, CallEventType.RINGING, leg.agentId, null);
      }

      @Override
      public void answered(Leg leg, Response ok) {
        if (call.b != null || call.finished) {
          hangUp(leg);
          return;
        }
        if (!call.routed) {
          // An internal call: no queue, no claim; the first phone to answer has it.
          bridge(call, leg);
          return;
        }
        vertx.eventBus().request(RoutingAddresses.ACCEPT, new OfferReply(call.id, leg.agentId), TIMEOUT)
            .onComplete(ar -> {
              if (ar.failed() || call.b != null || call.finished) {
                hangUp(leg);
                return;
              }
              bridge(call, leg);
            });
      }

      @Override
      public void failed(Leg leg, int status) {
        if (!call.routed) {
          if (call.b == null && call.outgoing.stream().allMatch(l -> l.ended)) {
            endCaller(call, status == Response.BUSY_HERE || status >= 600 ? status
                : Response.TEMPORARILY_UNAVAILABLE, null);
          }
          return;
        }
        if (call.b == null && call.outgoing.stream().noneMatch(l -> l.agentId != null
            && l.agentId.equals(leg.agentId) && !l.ended)) {
          vertx.eventBus().request(RoutingAddresses.DECLINE, new OfferReply(call.id, leg.agentId), TIMEOUT);
        }
      }
    };
  }

  /** How an outbound call treats its trunk leg: progress and the answer go to the agent's phone. */
  Leg.Outcome bridgeOutcome() {
    return new Leg.Outcome() {
      @Override
      public void ringing(Leg leg, Response provisional) {
        ringCaller(leg.call, provisional);
        publish(leg.call, CallEventType.RINGING, null, null);
      }

      @Override
      public void answered(Leg leg, Response ok) {
        bridge(leg.call, leg);
      }

      @Override
      public void failed(Leg leg, int status) {
        endCaller(leg.call, status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED
            ? Response.FORBIDDEN : status, null);
      }
    };
  }

  /** {@code leg} answered: the caller gets 200 with its SDP, the other forks are cancelled. */
  void bridge(CallSession call, Leg leg) {
    call.b = leg;
    call.answeredAt = clock.instant();
    try {
      Response ok = f.messages().createResponse(Response.OK, call.request);
      ((ToHeader) ok.getHeader(ToHeader.NAME)).setTag(call.toTag);
      ok.addHeader(f.headers().createContactHeader(ourAddress(callerHost(call))));
      if (leg.sdp != null) {
        ok.setContent(leg.sdp, leg.sdpType);
        call.a.sent(leg.sdp);
      }
      call.invite.sendResponse(ok);
    } catch (Exception e) {
      LOG.warn("Answer not sent to the caller [call-id: {}]: {}", call.id, e.toString());
    }
    cancelOutgoing(call, leg, l -> true);
    publish(call, CallEventType.ANSWERED, call.answeringAgent(), null);
  }

  /** 180 (or the far end's 183 with early media) to the caller, once. */
  void ringCaller(CallSession call, Response provisional) {
    if (call.invite == null || call.b != null || call.finished) {
      return;
    }
    boolean early = provisional != null && provisional.getRawContent() != null;
    if (call.ringing && !early) {
      return;
    }
    call.ringing = true;
    try {
      Response ringing = f.messages().createResponse(early ? provisional.getStatusCode() : Response.RINGING,
          call.request);
      ((ToHeader) ringing.getHeader(ToHeader.NAME)).setTag(call.toTag);
      ringing.addHeader(f.headers().createContactHeader(ourAddress(callerHost(call))));
      if (early) {
        ringing.setContent(provisional.getRawContent(),
            (ContentTypeHeader) provisional.getHeader(ContentTypeHeader.NAME));
      }
      call.invite.sendResponse(ringing);
    } catch (Exception e) {
      LOG.debug("Ringing not relayed [call-id: {}]: {}", call.id, e.toString());
    }
  }

  // ---- responses and endings: see LegResponses, Endings -------------------------------------

  /** A response to one of our client transactions; false when it is not ours. */
  boolean response(ResponseEvent event) {
    return responses.response(event);
  }

  /** An outgoing leg's INVITE got no final response in time: it failed with 408. */
  void timedOut(Leg leg) {
    responses.timedOut(leg);
  }

  /** The caller's INVITE gets a final non-2xx {@code status}, and the call ends. */
  void endCaller(CallSession call, int status, FinishReason reason) {
    endings.endCaller(call, status, reason);
  }

  /** The call is over: legs closed, the CDR published, routing told ({@code reason}), the CRM linked. */
  void end(CallSession call, CallDisposition disposition, int sipCode, FinishReason reason) {
    endings.end(call, disposition, sipCode, reason);
  }

  static CallDisposition disposition(int status) {
    return Endings.disposition(status);
  }

  void publish(CallSession call, CallEventType type, Long agentId, String detail) {
    vertx.eventBus().publish(SipAddresses.CALL_EVENT, new CallEvent(call.id, type, call.direction,
        call.line == null ? null : call.line.id(), call.from, call.to, agentId, detail, clock.instant()));
  }

  // ---- requests on existing legs -----------------------------------------------------------

  boolean cancel(RequestEvent event) throws Exception {
    CallSession call = calls.get(callId(event.getRequest()));
    if (call == null || call.invite == null) {
      return false;
    }
    serverTransaction(event).sendResponse(f.messages().createResponse(Response.OK, event.getRequest()));
    if (call.b == null) {
      cancelOutgoing(call, null, leg -> true);
      endCaller(call, Response.REQUEST_TERMINATED, FinishReason.CUSTOMER_LEFT);
    }
    return true;
  }

  boolean bye(RequestEvent event) throws Exception {
    Leg leg = legs.get(callId(event.getRequest()));
    if (leg == null) {
      return false;
    }
    serverTransaction(event).sendResponse(f.messages().createResponse(Response.OK, event.getRequest()));
    endings.left(leg);
    return true;
  }

  /** The stack gave up a dialog of ours without a BYE: that party is gone (see {@link Endings#dialogTerminated}). */
  void dialogTerminated(Dialog dialog) {
    endings.dialogTerminated(dialog);
  }

  // ---- transfers ---------------------------------------------------------------------------

  /** CANCEL every unanswered outgoing leg but {@code keep} that {@code which} selects. */
  void cancelOutgoing(CallSession call, Leg keep, java.util.function.Predicate<Leg> which) {
    for (Leg leg : List.copyOf(call.outgoing)) {
      if (leg != keep && !leg.ended && leg.answeredAt == null && which.test(leg)) {
        cancel(leg);
      }
    }
  }

  void cancel(Leg leg) {
    leg.ended = true;
    try {
      provider.getNewClientTransaction(leg.invite.createCancel()).sendRequest();
    } catch (Exception e) {
      LOG.debug("CANCEL not sent [call-id: {}]: {}", leg.callId, e.toString());
    }
  }

  /** BYE on an established leg. */
  void hangUp(Leg leg) {
    leg.ended = true;
    if (leg.endedAt == null) {
      leg.endedAt = clock.instant();
    }
    legs.remove(leg.callId, leg);
    try {
      ClientTransaction ct = provider.getNewClientTransaction(leg.dialog.createRequest(Request.BYE));
      ct.setApplicationData(Awaiting.NOTHING);
      leg.dialog.sendRequest(ct);
    } catch (Exception e) {
      LOG.debug("BYE not sent [call-id: {}]: {}", leg.callId, e.toString());
    }
  }

  /** The deferred ACK of a late-offer leg (click-to-call's agent), carrying {@code answerFrom}'s SDP. */
  void ackLate(Leg leg, Leg answerFrom) {
    if (leg.acked) {
      return;
    }
    leg.acked = true;
    try {
      Request ack = leg.dialog.createAck(leg.inviteCseq);
      byte[] answer = answerFrom != null ? answerFrom.sdp : leg.sdp == null ? null : Sdp.inactive(leg.sdp);
      if (answer != null) {
        answer = answerFrom != null ? Sdp.active(answer) : answer;
        ack.setContent(answer, answerFrom != null ? answerFrom.sdpType : leg.sdpType);
        leg.sent(answer);
      }
      leg.dialog.sendAck(ack);
    } catch (Exception e) {
      LOG.debug("ACK not sent [call-id: {}]: {}", leg.callId, e.toString());
    }
  }

  // ---- addresses ---------------------------------------------------------------------------

  String callerId(Optional<LineRef> line, Trunk trunk) {
    return line.map(LineRef::number).filter(n -> n != null).orElse(trunk.callerId());
  }

  Address callerAddress(String user) throws java.text.ParseException {
    return f.addresses().createAddress("sip:" + (user == null ? "anonymous" : user) + "@" + settings.contactHost());
  }

  Address ourAddress(String peerHost) throws java.text.ParseException {
    return f.addresses().createAddress("sip:linehub@" + ourHostFor(peerHost) + ":" + port);
  }

  String ourHostFor(String peerHost) {
    return LocalAddresses.SHARED.towards(settings, peerHost);
  }

  static String hostOf(Leg leg) {
    if (leg.kind == Leg.Kind.CALLER) {
      return callerHost(leg.call);
    }
    return leg.invite.getRequest().getRequestURI() instanceof SipURI uri ? uri.getHost() : "127.0.0.1";
  }

  static String callerHost(CallSession call) {
    if (call.request == null) {
      return call.a == null ? "127.0.0.1" : hostOf(call.a);
    }
    var via = (javax.sip.header.ViaHeader) call.request.getHeader(javax.sip.header.ViaHeader.NAME);
    return via.getReceived() != null ? via.getReceived() : via.getHost();
  }

  ServerTransaction serverTransaction(RequestEvent event) throws Exception {
    return event.getServerTransaction() != null ? event.getServerTransaction()
        : provider.getNewServerTransaction(event.getRequest());
  }

  static String userOf(javax.sip.address.URI uri) {
    return uri instanceof SipURI sip ? sip.getUser() : null;
  }

  static String callId(Request request) {
    return ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
  }
}
