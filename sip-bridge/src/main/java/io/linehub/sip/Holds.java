package io.linehub.sip;

import io.linehub.api.error.ErrorCode;
import io.linehub.api.error.LinehubException;
import io.linehub.api.sip.CallEventType;
import io.linehub.api.sip.HoldCall;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.TimeUnit;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Response;

/**
 * Hold and resume asked for from the agent workspace, performed by the B2BUA itself. It has no
 * media of its own (SDP passes through), so it re-INVITEs both parties: the customer's leg with the
 * agent's last SDP, then the agent's leg with the customer's fresh answer, each {@code a=inactive}
 * to hold and {@code a=sendrecv} to resume (RFC 3264 §8.4) and numbered on from what that party saw
 * (§8). The customer goes first: once their side is inactive neither hears the other, so the call
 * is held even if the agent's phone then refuses; it is resumed only when both sides took it. A
 * refused re-INVITE changes nothing (RFC 3261 §14.1) and the call stays up. Part of {@link Calls};
 * confined to the SIP verticle's context.
 */
final class Holds {

  /** Tries of one leg's re-INVITE while it meets 491 Request Pending. */
  static final int TRIES = 3;
  /** How long the asker waits; the re-INVITEs go on (Timer B, 32 s) and HELD / RESUMED tell the end. */
  static final long DEADLINE_MS = 10_000;

  private static final String CUSTOMER = "the other party";
  private static final String AGENT = "the agent's phone";

  private final Calls calls;

  Holds(Calls calls) {
    this.calls = calls;
  }

  Future<HoldCall> requested(HoldCall request) {
    CallSession call = calls.calls.get(request.callId());
    if (call == null || call.finished) {
      return Future.failedFuture(LinehubException.notFound("no live call " + request.callId()));
    }
    Leg agent = call.liveLegOf(request.agentId());
    Leg customer = agent == null ? null : call.peer(agent);
    String refusal = agent == null || customer == null || customer.ended
        ? "agent " + request.agentId() + " is not talking in call " + call.id
        : call.transfer != null ? "call " + call.id + " is being transferred"
        : call.holdChanging ? "a hold or resume of call " + call.id + " is under way"
        : null;
    if (refusal == null && request.hold() == agent.holding) {
      return Future.succeededFuture(request);
    }
    if (refusal == null && !request.hold() && call.heldFor != agent) {
      refusal = "the agent's phone holds call " + call.id + ": take it off hold on the phone";
    }
    if (refusal == null && (agent.sdp == null || customer.sdp == null)) {
      refusal = "call " + call.id + " has no media description to change";
    }
    if (refusal != null) {
      return Future.failedFuture(LinehubException.conflict(refusal));
    }
    call.holdChanging = true;
    Future<Void> change = request.hold() ? hold(call, agent, customer) : resume(call, agent, customer);
    change.onComplete(done -> call.holdChanging = false);
    return change.map(request).timeout(DEADLINE_MS, TimeUnit.MILLISECONDS).recover(failure -> Future.failedFuture(
        failure instanceof LinehubException known ? known : new LinehubException(ErrorCode.UNAVAILABLE,
            "the phones did not answer within " + DEADLINE_MS / 1000 + " s; the call's events tell how it ends")));
  }

  private Future<Void> hold(CallSession call, Leg agent, Leg customer) {
    return renegotiate(call, customer, CUSTOMER, Sdp.inactive(agent.sdp), agent.sdpType, 1).compose(customerHolds -> {
      call.heldFor = agent;
      agent.holding = true;
      calls.publish(call, CallEventType.HELD, agent.agentId, "agent");
      return renegotiate(call, agent, AGENT, Sdp.inactive(customer.sdp), customer.sdpType, 1).recover(refused -> {
        if (call.finished) {
          return Future.failedFuture(refused);
        }
        calls.LOG.warn("Held, but the agent's phone was not told [call-id: {}, agent: {}]: {}", call.id,
            agent.agentId, refused.getMessage());
        return Future.succeededFuture();
      });
    });
  }

  private Future<Void> resume(CallSession call, Leg agent, Leg customer) {
    return renegotiate(call, customer, CUSTOMER, Sdp.resumed(agent.sdp), agent.sdpType, 1)
        .compose(customerResumed -> renegotiate(call, agent, AGENT, Sdp.resumed(customer.sdp), customer.sdpType, 1))
        .onSuccess(both -> {
          call.heldFor = null;
          agent.holding = false;
          calls.publish(call, CallEventType.RESUMED, agent.agentId, "agent");
        });
  }

  /**
   * {@code leg}'s re-INVITE offering {@code sdp}: done on a 2xx, else a failure that says why. A 491,
   * or a phone's re-INVITE still being relayed on the call, is tried again after RFC 3261 §14.1's
   * random wait.
   */
  private Future<Void> renegotiate(CallSession call, Leg leg, String party, byte[] sdp, ContentTypeHeader type,
      int attempt) {
    if (call.finished || leg.ended) {
      return Future.failedFuture(LinehubException.notFound("call " + call.id + " ended"));
    }
    Leg peer = call.peer(leg);
    Promise<Integer> answered = Promise.promise();
    if (leg.reinviting || peer != null && peer.reinviting) {
      // One INVITE at a time on a dialog (RFC 3261 §14.1): as if the phone had answered 491.
      answered.complete(Response.REQUEST_PENDING);
    } else {
      calls.relays.offer(leg, sdp, type, response -> answered.complete(response == null ? Response.REQUEST_TIMEOUT
          : response.getStatusCode()));
    }
    return answered.future().compose(status -> {
      if (call.finished || leg.ended) {
        return Future.failedFuture(LinehubException.notFound("call " + call.id + " ended"));
      }
      if (status < 300) {
        return Future.succeededFuture();
      }
      if (status == Response.REQUEST_PENDING && attempt < TRIES) {
        return later(glareWait(leg)).compose(v -> renegotiate(call, leg, party, sdp, type, attempt + 1));
      }
      return Future.failedFuture(status == Response.REQUEST_TIMEOUT
          ? new LinehubException(ErrorCode.UNAVAILABLE, party + " did not answer (SIP 408)")
          : LinehubException.conflict(party + " refused the change (SIP " + status + ")"));
    });
  }

  /**
   * RFC 3261 §14.1: 2.1 to 4 s when the B2BUA chose the dialog's Call-ID (it sent the INVITE that made
   * the leg), 0 to 2 s when the party did; in steps of 10 ms.
   */
  private long glareWait(Leg leg) {
    boolean owner = leg.kind != Leg.Kind.CALLER;
    return (owner ? 2_100 : 0) + 10L * calls.random.nextInt(owner ? 191 : 201);
  }

  private Future<Void> later(long millis) {
    Promise<Void> waited = Promise.promise();
    calls.vertx.setTimer(Math.max(1, millis), id -> waited.complete());
    return waited.future();
  }
}
