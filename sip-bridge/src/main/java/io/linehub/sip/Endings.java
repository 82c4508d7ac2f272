package io.linehub.sip;

import io.linehub.api.crm.Channel;
import io.linehub.api.crm.CrmAddresses;
import io.linehub.api.crm.Direction;
import io.linehub.api.crm.Identity;
import io.linehub.api.crm.Interaction;
import io.linehub.api.crm.Outcome;
import io.linehub.api.routing.Finish;
import io.linehub.api.routing.FinishReason;
import io.linehub.api.routing.RoutingAddresses;
import io.linehub.api.sip.CallDirection;
import io.linehub.api.sip.CallDisposition;
import io.linehub.api.sip.CallEnded;
import io.linehub.api.sip.SipAddresses;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sip.Dialog;
import javax.sip.header.ToHeader;
import javax.sip.message.Response;
import org.slf4j.Logger;

/**
 * How a call ends: a party hangs up (or vanishes) and the other is hung up, the caller's final
 * response when it was never answered, every leg closed, the call detail record on
 * {@code sip.call.ended}, routing told the ticket is done, and the call linked in the CRM. Part of
 * {@link Calls}; confined to the SIP verticle's context.
 */
final class Endings {

  private static final Logger LOG = Calls.LOG;

  private final Calls b2bua;
  private final SipFactories f;
  private final Map<String, Leg> legs;
  private final Clock clock;
  private final Vertx vertx;

  Endings(Calls b2bua) {
    this.b2bua = b2bua;
    this.f = b2bua.f;
    this.legs = b2bua.legs;
    this.clock = b2bua.clock;
    this.vertx = b2bua.vertx;
  }

  /**
   * The stack gave up a dialog of ours without a BYE (the 2xx was never ACKed, a transaction of the
   * dialog timed out): that party is gone, so the call ends as if it had hung up. Without this, a
   * peer that vanishes mid-call would keep its call in memory for ever.
   */
  void dialogTerminated(Dialog dialog) {
    javax.sip.header.CallIdHeader callId = dialog == null ? null : dialog.getCallId();
    Leg leg = callId == null ? null : legs.get(callId.getCallId());
    if (leg != null && leg.dialog == dialog && !leg.ended && !leg.call.finished) {
      LOG.info("Dialog ended without a BYE, the call ends [call-id: {}, leg: {}]", leg.call.id, leg.callId);
      if (leg.kind == Leg.Kind.CALLER && leg.call.b == null && leg.call.invite != null) {
        b2bua.cancelOutgoing(leg.call, null, l -> true);
        endCaller(leg.call, Response.REQUEST_TIMEOUT, FinishReason.CUSTOMER_LEFT);
        return;
      }
      left(leg);
    }
  }

  /** {@code leg}'s party hung up: the other party is hung up too and the call ends. */
  void left(Leg leg) {
    leg.ended = true;
    leg.endedAt = clock.instant();
    legs.remove(leg.callId, leg);
    CallSession call = leg.call;
    if (call.finished) {
      return;
    }
    if (call.transfer != null && call.transfer.transferor == leg) {
      // The transferor hangs up after its REFER was accepted: the transfer goes on without it.
      return;
    }
    Leg peer = call.peer(leg);
    if (peer != null) {
      b2bua.hangUp(peer);
    }
    b2bua.cancelOutgoing(call, null, l -> true);
    if (call.answeredAt != null) {
      end(call, CallDisposition.ANSWERED, Response.OK, FinishReason.COMPLETED);
    } else {
      end(call, CallDisposition.ABANDONED, Response.REQUEST_TERMINATED, FinishReason.CUSTOMER_LEFT);
    }
  }

  /** The caller's INVITE gets a final non-2xx {@code status}, and the call ends. */
  void endCaller(CallSession call, int status, FinishReason reason) {
    if (call.finished) {
      return;
    }
    if (call.invite != null) {
      try {
        Response response = f.messages().createResponse(status, call.request);
        ((ToHeader) response.getHeader(ToHeader.NAME)).setTag(call.toTag);
        call.invite.sendResponse(response);
      } catch (Exception e) {
        LOG.debug("Final response not sent [call-id: {}]: {}", call.id, e.toString());
      }
    }
    end(call, disposition(status), status, reason);
  }

  static CallDisposition disposition(int status) {
    return status == Response.REQUEST_TERMINATED ? CallDisposition.ABANDONED
        : status == Response.BUSY_HERE || status == Response.BUSY_EVERYWHERE ? CallDisposition.BUSY
        : status == Response.DECLINE ? CallDisposition.DECLINED
        : status >= 500 || status == Response.FORBIDDEN || status == Response.NOT_FOUND ? CallDisposition.FAILED
        : CallDisposition.MISSED;
  }

  /**
   * The call is over: every leg is closed, the call detail record is published, routing hears the
   * ticket is done ({@code reason}, null when routing closed it itself) and the CRM gets the call.
   */
  void end(CallSession call, CallDisposition disposition, int sipCode, FinishReason reason) {
    if (call.finished) {
      return;
    }
    call.finished = true;
    Instant now = clock.instant();
    List<Leg> all = new ArrayList<>(call.outgoing);
    if (call.a != null && !all.contains(call.a)) {
      all.add(call.a);
    }
    for (Leg leg : all) {
      if (leg.endedAt == null) {
        leg.endedAt = now;
      }
      if (leg.call == call) {
        legs.remove(leg.callId, leg);
      }
    }
    b2bua.calls.remove(call.id);
    Long agent = call.answeringAgent();
    vertx.eventBus().publish(SipAddresses.CALL_ENDED, new CallEnded(call.id, call.direction,
        call.line == null ? null : call.line.id(), call.from, call.to, agent, new ArrayList<>(call.agentIds),
        disposition, sipCode, call.startedAt, call.answeredAt, now,
        call.outgoing.stream().map(Leg::record).toList()));
    if (call.routed && reason != null) {
      vertx.eventBus().request(RoutingAddresses.FINISH, new Finish(call.id, reason), Calls.TIMEOUT);
    }
    link(call, disposition, agent, now);
    // The stack keeps the finished call's transactions (and through their application data this
    // CallSession) for Timer J/M, 32 s on UDP; nothing reads the caller's INVITE any more.
    call.request = null;
  }

  /**
   * Every customer call ends in the CRM (crm.interaction.link, idempotent on the call id):
   * answered → a done call activity on the customer for the agent; abandoned or missed → the lead if
   * the number is new and an open callback for the line's responsible; outbound → an activity on the
   * dialled customer. Internal calls are not customer interactions.
   */
  void link(CallSession call, CallDisposition disposition, Long agent, Instant now) {
    if (call.direction == CallDirection.INTERNAL) {
      return;
    }
    boolean outbound = call.direction == CallDirection.OUTBOUND;
    String customer = outbound ? call.to : call.from;
    Integer talk = call.answeredAt == null ? null : (int) Duration.between(call.answeredAt, now).toSeconds();
    Long agentUser = agent != null ? agent : outbound && !call.agentIds.isEmpty() ? call.agentIds.iterator().next()
        : null;
    var interaction = new Interaction(call.id, Channel.PHONE, outbound ? Direction.OUTBOUND : Direction.INBOUND,
        Outcome.valueOf(disposition.name()), customer == null ? List.of() : List.of(Identity.phone(customer)), null,
        agentUser, call.line == null ? null : call.line.id(), call.line == null ? null : call.line.responsibleUserId(),
        call.startedAt, now, talk, call.forwarded && call.b != null ? "Forwarded to " + call.b.target : null, null,
        null, null);
    vertx.eventBus().request(CrmAddresses.LINK, interaction, new DeliveryOptions().setSendTimeout(30_000))
        .onFailure(e -> LOG.error("Call not linked in the CRM [call-id: {}]: {}", call.id, e.getMessage()));
  }
}
