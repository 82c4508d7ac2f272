package io.linehub.sip;

import io.linehub.api.crm.Outcome;
import io.linehub.api.sip.CallDirection;
import io.linehub.api.sip.CallDisposition;
import io.linehub.api.sip.CallEventType;
import io.linehub.api.sip.Originate;
import io.linehub.api.sip.Originated;
import io.linehub.api.error.LinehubException;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;
import javax.sip.message.Response;

/**
 * Click-to-call (RFC 3725 flow I): the agent's phones first with no SDP, then the customer through
 * the trunk with the agent's offer. Part of {@link Calls}; confined to the SIP verticle's context.
 */
final class ClickToCall {

  /**
   * How long click-to-call lets the customer's phone ring. The agent's phone retransmits its 200
   * until it gets the ACK that carries the customer's answer, for at most 64 × T1 = 32 s (RFC 3261
   * §13.3.1.4); the customer leg must be decided before that.
   */
  static final Duration CLICK_TO_CALL_RING = Duration.ofSeconds(28);

  private final Calls calls;

  ClickToCall(Calls calls) {
    this.calls = calls;
  }

  /** Click-to-call: ring the agent's phones first; the customer is called once the agent answers. */
  Future<Originated> originate(Originate request) {
    Optional<String> extension = calls.bindings.extensionOf(request.agentId());
    if (extension.isEmpty()) {
      return Future.failedFuture(LinehubException.conflict("agent " + request.agentId()
          + " has no registered phone"));
    }
    Optional<Trunk> trunk = calls.trunks.outbound();
    String to = request.to() == null ? "" : request.to().trim();
    Optional<Long> callee = calls.bindings.agentOfExtension(to);
    if (callee.isEmpty() && trunk.isEmpty()) {
      return Future.failedFuture(LinehubException.conflict("no outbound trunk is configured"));
    }
    Optional<LineRef> line = request.lineId() != null ? calls.lines.byId(request.lineId())
        : calls.lines.ofAgent(request.agentId());
    if (request.lineId() != null && line.isEmpty()) {
      return Future.failedFuture(LinehubException.notFound("line " + request.lineId() + " does not exist"));
    }
    String dialled = callee.isPresent() ? to : Numbers.normalize(to);
    String id = calls.provider.getNewCallId().getCallId();
    CallSession call = new CallSession(id, callee.isPresent() ? CallDirection.INTERNAL : CallDirection.OUTBOUND,
        callee.isPresent() ? null : line.orElse(null), extension.get(), dialled, calls.clock.instant(), null, null,
        null,
        false);
    calls.calls.put(id, call);
    call.agentIds.add(request.agentId());
    calls.publish(call, CallEventType.STARTED, request.agentId(), null);
    Leg.Outcome agentAnswered = new Leg.Outcome() {
      @Override
      public void answered(Leg leg, Response ok) {
        call.a = leg;
        calls.cancelOutgoing(call, leg, l -> l.kind == Leg.Kind.AGENT);
        calls.publish(call, CallEventType.ANSWERED, leg.agentId, "agent");
        try {
          if (callee.isPresent()) {
            calls.forkToAgent(call, callee.get(), to, c -> lateOfferOutcome(call, leg));
          } else {
            Leg customer = calls.toTrunk(call, trunk.get(), dialled, calls.callerId(line, trunk.get()), leg.sdp,
                leg.sdpType,
                lateOfferOutcome(call, leg));
            calls.vertx.setTimer(CLICK_TO_CALL_RING.toMillis(), t -> {
              if (customer.answeredAt == null && !customer.ended) {
                calls.cancel(customer);
                customer.sipCode = Response.REQUEST_TIMEOUT;
                customer.outcome.failed(customer, Response.REQUEST_TIMEOUT);
              }
            });
          }
        } catch (Exception e) {
          calls.LOG.warn("Click-to-call could not call the customer [call-id: {}]: {}", id, e.toString());
          calls.ackLate(leg, null);
          calls.hangUp(leg);
          calls.end(call, CallDisposition.FAILED, Response.SERVER_INTERNAL_ERROR, null);
        }
      }

      @Override
      public void failed(Leg leg, int status) {
        if (call.a == null && call.outgoing.stream().allMatch(l -> l.ended)) {
          calls.end(call, CallDisposition.MISSED, status, null);
        }
      }
    };
    for (Bindings.Binding binding : calls.bindings.contacts(extension.get())) {
      try {
        Leg leg = calls.sendInvite(call, Leg.Kind.AGENT, request.agentId(), binding.contact(),
            calls.callerAddress(dialled),
            null, null, agentAnswered);
        leg.lateOffer = true;
      } catch (Exception e) {
        calls.LOG.warn("Click-to-call INVITE not sent [call-id: {}, contact: {}]: {}", id, binding.contact(),
            e.toString());
      }
    }
    if (call.outgoing.isEmpty()) {
      calls.end(call, CallDisposition.FAILED, Response.SERVER_INTERNAL_ERROR, null);
      return Future.failedFuture(LinehubException.conflict("the agent's phone could not be called"));
    }
    return Future.succeededFuture(new Originated(id));
  }

  /** The second half of click-to-call: the customer answered; the agent gets the answer in its ACK. */
  Leg.Outcome lateOfferOutcome(CallSession call, Leg agent) {
    return new Leg.Outcome() {
      @Override
      public void ringing(Leg leg, Response provisional) {
        calls.publish(call, CallEventType.RINGING, leg.agentId, null);
      }

      @Override
      public void answered(Leg leg, Response ok) {
        if (agent.ended) {
          calls.hangUp(leg);
          return;
        }
        calls.cancelOutgoing(call, leg, l -> l != agent);
        calls.ackLate(agent, leg);
        call.b = leg;
        call.answeredAt = calls.clock.instant();
        calls.publish(call, CallEventType.ANSWERED, agent.agentId, null);
      }

      @Override
      public void failed(Leg leg, int status) {
        if (call.b == null && call.outgoing.stream().filter(l -> l != agent).allMatch(l -> l.ended)) {
          calls.ackLate(agent, null);
          calls.hangUp(agent);
          calls.end(call, calls.disposition(status), status, null);
        }
      }
    };
  }
}
