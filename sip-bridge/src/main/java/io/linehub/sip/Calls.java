package io.linehub.sip;

import io.linehub.api.crm.Channel;
import io.linehub.api.crm.CrmAddresses;
import io.linehub.api.crm.Direction;
import io.linehub.api.crm.Interaction;
import io.linehub.api.crm.Outcome;
import io.linehub.api.crm.Identity;
import io.linehub.api.routing.Enqueued;
import io.linehub.api.routing.FellBack;
import io.linehub.api.routing.Finish;
import io.linehub.api.routing.FinishReason;
import io.linehub.api.routing.Media;
import io.linehub.api.routing.OfferReply;
import io.linehub.api.routing.OfferWithdrawn;
import io.linehub.api.routing.Offered;
import io.linehub.api.routing.RouteRequest;
import io.linehub.api.routing.RoutingAddresses;
import io.linehub.api.routing.TicketState;
import io.linehub.api.sip.CallDisposition;
import io.linehub.api.sip.CallEnded;
import io.linehub.api.sip.SipAddresses;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.security.SecureRandom;
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
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The B2BUA for inbound calls: a trunk's INVITE to a line's number is a routing ticket; each
 * {@code offered} forks an INVITE to the offered agents' registered phones; the first 200 OK is
 * the agent's accept (routing's atomic claim decides a race), then the caller gets 200 with the
 * agent's SDP (media flows between the endpoints) and BYE is relayed either way. A caller's CANCEL
 * cancels the forks (487) and a withdrawn offer cancels that agent's legs. Confined to the SIP
 * verticle's context.
 */
final class Calls {

  private static final Logger LOG = LoggerFactory.getLogger(Calls.class);
  private static final DeliveryOptions TIMEOUT = new DeliveryOptions().setSendTimeout(5_000);

  private final Vertx vertx;
  private final SipProvider provider;
  private final SipFactories f;
  private final Bindings bindings;
  private final Function<String, Optional<LineRef>> lineForNumber;
  private final java.time.Clock clock;
  private final SipSettings settings;
  private final int port;
  private final Map<String, CallSession> byTicket = new HashMap<>();
  private final Map<String, CallSession.Leg> byLegCallId = new HashMap<>();
  private final SecureRandom random = new SecureRandom();

  Calls(Vertx vertx, SipProvider provider, SipFactories factories, Bindings bindings,
      Function<String, Optional<LineRef>> lineForNumber, SipSettings settings, int port, java.time.Clock clock) {
    this.vertx = vertx;
    this.provider = provider;
    this.f = factories;
    this.bindings = bindings;
    this.lineForNumber = lineForNumber;
    this.settings = settings;
    this.port = port;
    this.clock = clock;
  }

  // ---- caller's leg ------------------------------------------------------------------------

  void invite(RequestEvent event) throws Exception {
    Request request = event.getRequest();
    String callId = callId(request);
    if (byTicket.containsKey(callId)) {
      return;
    }
    ServerTransaction tx = event.getServerTransaction() != null ? event.getServerTransaction()
        : provider.getNewServerTransaction(request);
    String number = request.getRequestURI() instanceof SipURI uri ? uri.getUser() : null;
    Optional<LineRef> line = number == null ? Optional.empty() : lineForNumber.apply(normalize(number));
    if (line.isEmpty()) {
      tx.sendResponse(f.messages().createResponse(Response.NOT_FOUND, request));
      return;
    }
    Dialog dialog = provider.getNewDialog(tx);
    tx.sendResponse(f.messages().createResponse(Response.TRYING, request));
    String caller = ((FromHeader) request.getHeader(FromHeader.NAME)).getAddress().getURI() instanceof SipURI from
        ? from.getUser() : null;
    CallSession call = new CallSession(callId, tx, request, dialog, Long.toHexString(random.nextLong()), line.get(),
        caller, clock.instant());
    byTicket.put(callId, call);
    var route = new RouteRequest(callId, line.get().id(), Media.CALL, Channel.PHONE, caller,
        caller == null ? List.of() : List.of(Identity.phone(caller)), null);
    vertx.eventBus().<Enqueued>request(RoutingAddresses.ENQUEUE, route, TIMEOUT).onComplete(ar -> {
      if (ar.failed()) {
        LOG.warn("Routing refused the call [call-id: {}]: {}", callId, ar.cause().getMessage());
        endCaller(call, Response.SERVICE_UNAVAILABLE);
      } else if (ar.result().body().state() == TicketState.FELL_BACK) {
        endCaller(call, Response.TEMPORARILY_UNAVAILABLE);
      }
    });
  }

  /**
   * A call from an authenticated agent's phone: to another extension it rings that agent's phones
   * directly (no queue); to a line's number it is routed like any inbound call; anything else
   * (outbound through a trunk) is not there yet: 404.
   */
  void fromAgent(RequestEvent event, SipAccounts.Account caller) throws Exception {
    Request request = event.getRequest();
    String callId = callId(request);
    if (byTicket.containsKey(callId)) {
      return;
    }
    String number = request.getRequestURI() instanceof SipURI uri ? uri.getUser() : null;
    Optional<Long> callee = number == null ? Optional.empty() : bindings.agentOfExtension(number);
    if (callee.isEmpty()) {
      invite(event);
      return;
    }
    ServerTransaction tx = event.getServerTransaction() != null ? event.getServerTransaction()
        : provider.getNewServerTransaction(request);
    Dialog dialog = provider.getNewDialog(tx);
    tx.sendResponse(f.messages().createResponse(Response.TRYING, request));
    CallSession call = new CallSession(callId, tx, request, dialog, Long.toHexString(random.nextLong()), null,
        caller.extension(), clock.instant());
    byTicket.put(callId, call);
    for (Bindings.Binding binding : bindings.contacts(number)) {
      fork(call, callee.get(), binding.contact());
    }
  }

  boolean cancel(RequestEvent event) throws Exception {
    CallSession call = byTicket.get(callId(event.getRequest()));
    if (call == null) {
      return false;
    }
    ServerTransaction tx = event.getServerTransaction() != null ? event.getServerTransaction()
        : provider.getNewServerTransaction(event.getRequest());
    tx.sendResponse(f.messages().createResponse(Response.OK, event.getRequest()));
    if (call.answered == null) {
      cancelLegs(call, null);
      endCaller(call, Response.REQUEST_TERMINATED);
      finish(call, FinishReason.CUSTOMER_LEFT);
    }
    return true;
  }

  boolean bye(RequestEvent event) throws Exception {
    String callId = callId(event.getRequest());
    CallSession call = byTicket.get(callId);
    CallSession.Leg leg = byLegCallId.get(callId);
    if (call == null && leg == null) {
      return false;
    }
    ServerTransaction tx = event.getServerTransaction() != null ? event.getServerTransaction()
        : provider.getNewServerTransaction(event.getRequest());
    tx.sendResponse(f.messages().createResponse(Response.OK, event.getRequest()));
    if (call != null && call.answered != null) {
      sendBye(call.answered.dialog);
      finish(call, FinishReason.COMPLETED);
    } else if (leg != null && leg == leg.call.answered) {
      sendBye(leg.call.dialog);
      finish(leg.call, FinishReason.COMPLETED);
    }
    return true;
  }

  // ---- routing's events --------------------------------------------------------------------

  void offered(Offered offer) {
    CallSession call = byTicket.get(offer.ticketId());
    if (call == null || call.answered != null) {
      return;
    }
    for (Long agentId : offer.agentIds()) {
      Optional<String> extension = bindings.extensionOf(agentId);
      if (extension.isEmpty()) {
        vertx.eventBus().request(RoutingAddresses.DECLINE, new OfferReply(call.ticketId, agentId), TIMEOUT);
        continue;
      }
      for (Bindings.Binding binding : bindings.contacts(extension.get())) {
        try {
          fork(call, agentId, binding.contact());
        } catch (Exception e) {
          LOG.warn("Fork not sent [call-id: {}, contact: {}]: {}", call.ticketId, binding.contact(), e.toString());
        }
      }
    }
  }

  void withdrawn(OfferWithdrawn withdrawn) {
    CallSession call = byTicket.get(withdrawn.ticketId());
    if (call != null) {
      for (Long agentId : withdrawn.agentIds()) {
        cancelLegs(call, agentId);
      }
    }
  }

  void fellBack(FellBack fellBack) {
    CallSession call = byTicket.get(fellBack.ticketId());
    if (call != null && call.answered == null) {
      // Voicemail and forwarding come with the media plane and outbound trunks: the caller hears 480.
      cancelLegs(call, null);
      endCaller(call, Response.TEMPORARILY_UNAVAILABLE);
      link(call, Outcome.MISSED);
    }
  }

  // ---- agents' legs ------------------------------------------------------------------------

  private void fork(CallSession call, long agentId, String contact) throws Exception {
    SipURI target = (SipURI) f.addresses().createURI(contact);
    String transport = target.getTransportParam() == null ? "udp" : target.getTransportParam().toLowerCase();
    FromHeader callerFrom = (FromHeader) call.request.getHeader(FromHeader.NAME);
    FromHeader from = f.headers().createFromHeader(callerFrom.getAddress(), Long.toHexString(random.nextLong()));
    ToHeader to = f.headers().createToHeader(f.addresses().createAddress(target), null);
    CallIdHeader legCallId = provider.getNewCallId();
    Request invite = f.messages().createRequest(target, Request.INVITE, legCallId,
        f.headers().createCSeqHeader(1L, Request.INVITE), from, to,
        List.of(f.headers().createViaHeader(ourHostFor(target.getHost()), port, transport, null)),
        f.headers().createMaxForwardsHeader(70));
    invite.addHeader(f.headers().createContactHeader(ourAddress(target.getHost())));
    if (call.request.getRawContent() != null) {
      invite.setContent(call.request.getRawContent(),
          (ContentTypeHeader) call.request.getHeader(ContentTypeHeader.NAME));
    }
    ClientTransaction tx = provider.getNewClientTransaction(invite);
    Dialog dialog = provider.getNewDialog(tx);
    CallSession.Leg leg = new CallSession.Leg(call, agentId, tx, dialog, legCallId.getCallId());
    tx.setApplicationData(leg);
    call.legs.add(leg);
    byLegCallId.put(leg.callId, leg);
    tx.sendRequest();
  }

  /** A response on an agent's leg; false when it is not one of ours. */
  boolean response(ResponseEvent event) {
    ClientTransaction tx = event.getClientTransaction();
    Response response = event.getResponse();
    CallSession.Leg leg = tx != null && tx.getApplicationData() instanceof CallSession.Leg l ? l
        : byLegCallId.get(((CallIdHeader) response.getHeader(CallIdHeader.NAME)).getCallId());
    if (leg == null || !Request.INVITE.equals(((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getMethod())) {
      return leg != null;
    }
    int status = response.getStatusCode();
    CallSession call = leg.call;
    try {
      if (status == Response.TRYING) {
        return true;
      }
      if (status < 200) {
        leg.provisional = true;
        if (!call.ringing && call.answered == null) {
          call.ringing = true;
          Response ringing = f.messages().createResponse(Response.RINGING, call.request);
          ((ToHeader) ringing.getHeader(ToHeader.NAME)).setTag(call.toTag);
          ringing.addHeader(f.headers().createContactHeader(ourAddress(callerHost(call))));
          call.invite.sendResponse(ringing);
        }
        return true;
      }
      if (status >= 300) {
        leg.ended = true;
        if (call.line == null) {
          if (call.answered == null && call.legs.stream().allMatch(l -> l.ended)) {
            endCaller(call, status == Response.BUSY_HERE || status >= 600 ? status : Response.TEMPORARILY_UNAVAILABLE);
          }
          return true;
        }
        if (call.answered == null && call.legs.stream().noneMatch(l -> l.agentId == leg.agentId && !l.ended)) {
          vertx.eventBus().request(RoutingAddresses.DECLINE, new OfferReply(call.ticketId, leg.agentId), TIMEOUT);
        }
        return true;
      }
      long cseq = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber();
      Dialog dialog = event.getDialog() != null ? event.getDialog() : leg.dialog;
      dialog.sendAck(dialog.createAck(cseq));
      if (call.answered != null || call.finished) {
        if (call.answered != leg) {
          sendBye(dialog);
        }
        return true;
      }
      if (call.line == null) {
        // An internal call: no queue, no claim; the first phone to answer has it.
        call.answered = leg;
        call.answeredAt = clock.instant();
        answerCaller(call, response);
        cancelLegs(call, null);
        return true;
      }
      vertx.eventBus().request(RoutingAddresses.ACCEPT, new OfferReply(call.ticketId, leg.agentId), TIMEOUT)
          .onComplete(ar -> {
            if (ar.failed() || call.answered != null || call.finished) {
              sendBye(dialog);
              return;
            }
            call.answered = leg;
            call.answeredAt = clock.instant();
            answerCaller(call, response);
            cancelLegs(call, null);
          });
    } catch (Exception e) {
      LOG.warn("Response not relayed [call-id: {}, status: {}]: {}", call.ticketId, status, e.toString());
    }
    return true;
  }

  /** An agent's leg that never answered: routing hears a decline and offers the next member. */
  void timedOut(CallSession.Leg leg) {
    leg.ended = true;
    CallSession call = leg.call;
    if (call.line == null) {
      if (call.answered == null && call.legs.stream().allMatch(l -> l.ended)) {
        endCaller(call, Response.TEMPORARILY_UNAVAILABLE);
      }
      return;
    }
    if (call.answered == null && call.legs.stream().noneMatch(l -> l.agentId == leg.agentId && !l.ended)) {
      vertx.eventBus().request(RoutingAddresses.DECLINE, new OfferReply(call.ticketId, leg.agentId), TIMEOUT);
    }
  }

  private void answerCaller(CallSession call, Response agentAnswer) {
    try {
      Response ok = f.messages().createResponse(Response.OK, call.request);
      ((ToHeader) ok.getHeader(ToHeader.NAME)).setTag(call.toTag);
      ok.addHeader(f.headers().createContactHeader(ourAddress(callerHost(call))));
      if (agentAnswer.getRawContent() != null) {
        ok.setContent(agentAnswer.getRawContent(), (ContentTypeHeader) agentAnswer.getHeader(ContentTypeHeader.NAME));
      }
      call.invite.sendResponse(ok);
    } catch (Exception e) {
      LOG.warn("Answer not sent to the caller [call-id: {}]: {}", call.ticketId, e.toString());
    }
  }

  private void cancelLegs(CallSession call, Long agentId) {
    for (CallSession.Leg leg : call.legs) {
      if (leg.ended || leg == call.answered || (agentId != null && leg.agentId != agentId)) {
        continue;
      }
      leg.ended = true;
      try {
        ClientTransaction cancel = provider.getNewClientTransaction(leg.invite.createCancel());
        cancel.sendRequest();
      } catch (Exception e) {
        LOG.debug("CANCEL not sent [call-id: {}]: {}", leg.callId, e.toString());
      }
    }
  }

  private void endCaller(CallSession call, int status) {
    if (call.finished) {
      return;
    }
    publishEnd(call, status == Response.REQUEST_TERMINATED ? CallDisposition.ABANDONED
        : status == Response.BUSY_HERE ? CallDisposition.BUSY
        : status == Response.DECLINE ? CallDisposition.DECLINED
        : status >= 500 ? CallDisposition.FAILED : CallDisposition.MISSED, status);
    call.finished = true;
    byTicket.remove(call.ticketId);
    call.legs.forEach(leg -> byLegCallId.remove(leg.callId));
    try {
      Response response = f.messages().createResponse(status, call.request);
      ((ToHeader) response.getHeader(ToHeader.NAME)).setTag(call.toTag);
      call.invite.sendResponse(response);
    } catch (Exception e) {
      LOG.debug("Final response not sent [call-id: {}]: {}", call.ticketId, e.toString());
    }
  }

  private void finish(CallSession call, FinishReason reason) {
    if (!call.finished && call.answered != null) {
      publishEnd(call, CallDisposition.ANSWERED, Response.OK);
    }
    call.finished = true;
    byTicket.remove(call.ticketId);
    call.legs.forEach(leg -> byLegCallId.remove(leg.callId));
    if (call.line == null) {
      // Internal calls are neither routing tickets nor customer interactions.
      return;
    }
    vertx.eventBus().request(RoutingAddresses.FINISH, new Finish(call.ticketId, reason), TIMEOUT);
    link(call, call.answered != null ? Outcome.ANSWERED : Outcome.ABANDONED);
  }

  /**
   * Every call ends in the CRM (crm.interaction.link, idempotent on the Call-ID): answered → a done
   * call activity on the customer for the agent; abandoned or missed → the lead if the number is new
   * and an open callback for the line's responsible. A callback fallback linked the same Call-ID
   * already; this link then replays it instead of adding a second activity.
   */
  private void link(CallSession call, Outcome outcome) {
    var now = clock.instant();
    Integer talk = call.answeredAt == null ? null : (int) java.time.Duration.between(call.answeredAt, now).toSeconds();
    var interaction = new Interaction(call.ticketId, Channel.PHONE, Direction.INBOUND, outcome,
        call.caller == null ? List.of() : List.of(Identity.phone(call.caller)), null,
        call.answered == null ? null : call.answered.agentId, call.line.id(), call.line.responsibleUserId(),
        call.startedAt, now, talk, null, null, null, null);
    vertx.eventBus().request(CrmAddresses.LINK, interaction, new DeliveryOptions().setSendTimeout(30_000))
        .onFailure(e -> LOG.error("Call not linked in the CRM [call-id: {}]: {}", call.ticketId, e.getMessage()));
  }

  private void publishEnd(CallSession call, CallDisposition disposition, int sipCode) {
    Long agent = call.answered == null ? null : call.answered.agentId;
    vertx.eventBus().publish(SipAddresses.CALL_ENDED, new CallEnded(call.ticketId,
        call.line == null ? io.linehub.api.sip.CallDirection.INTERNAL : io.linehub.api.sip.CallDirection.INBOUND,
        call.line == null ? null : call.line.id(), call.caller, null, agent,
        call.legs.stream().map(l -> l.agentId).distinct().toList(), disposition, sipCode, call.startedAt,
        call.answeredAt, clock.instant(), List.of()));
  }

  private void sendBye(Dialog dialog) {
    try {
      Request bye = dialog.createRequest(Request.BYE);
      dialog.sendRequest(provider.getNewClientTransaction(bye));
    } catch (Exception e) {
      LOG.debug("BYE not sent: {}", e.toString());
    }
  }

  private Address ourAddress(String peerHost) throws java.text.ParseException {
    return f.addresses().createAddress("sip:linehub@" + ourHostFor(peerHost) + ":" + port);
  }

  private String ourHostFor(String peerHost) {
    return KeepAlive.localAddressFor(settings, peerHost, 5060);
  }

  private static String callerHost(CallSession call) {
    var via = (javax.sip.header.ViaHeader) call.request.getHeader(javax.sip.header.ViaHeader.NAME);
    return via.getReceived() != null ? via.getReceived() : via.getHost();
  }

  private static String callId(Request request) {
    return ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
  }

  /** A dialled number as lines store it: E.164 with a plus. */
  static String normalize(String number) {
    String digits = number.replaceAll("[^0-9]", "");
    return "+" + digits;
  }
}
