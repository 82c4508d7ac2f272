package io.linehub.sip;

import io.linehub.api.crm.Outcome;
import io.linehub.api.routing.FinishReason;
import io.linehub.api.sip.CallDisposition;
import io.linehub.api.sip.CallEventType;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ReferToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * REFER: blind and attended transfers, performed by the B2BUA itself, with NOTIFY progress to the
 * transferor (RFC 3515). Part of {@link Calls}; confined to the SIP verticle's context.
 */
final class Transfers {

  private final Calls calls;

  Transfers(Calls calls) {
    this.calls = calls;
  }

  /**
   * REFER on a bridged leg: blind (Refer-To an extension or a number) or attended (Refer-To with
   * Replaces naming the transferor's other call). The B2BUA performs it and reports progress to the
   * transferor with NOTIFY (RFC 3515); the transferor's leg is released when the transfer succeeds.
   */
  boolean refer(RequestEvent event) throws Exception {
    Request request = event.getRequest();
    Leg from = calls.legs.get(calls.callId(request));
    if (from == null) {
      return false;
    }
    ServerTransaction st = calls.serverTransaction(event);
    CallSession call = from.call;
    Leg kept = call.peer(from);
    ReferToHeader referTo = (ReferToHeader) request.getHeader(ReferToHeader.NAME);
    if (referTo == null || !(referTo.getAddress().getURI() instanceof SipURI uri) || uri.getUser() == null) {
      st.sendResponse(calls.f.messages().createResponse(Response.BAD_REQUEST, request));
      return true;
    }
    if (kept == null || kept.ended || call.finished || call.transfer != null || call.holdChanging) {
      st.sendResponse(calls.f.messages().createResponse(Response.REQUEST_PENDING, request));
      return true;
    }
    st.sendResponse(calls.f.messages().createResponse(Response.ACCEPTED, request));
    String target = uri.getUser();
    String replaces = uri.getHeader("Replaces");
    call.transfer = new CallSession.Transfer(from, target,
        ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber());
    notifyTransfer(call.transfer, "SIP/2.0 100 Trying", false);
    if (replaces != null) {
      attended(call, from, kept, URLDecoder.decode(replaces, StandardCharsets.UTF_8).split(";")[0]);
    } else {
      blind(call, from, kept, target);
    }
    return true;
  }

  /**
   * A blind transfer asked for over the API (the agent workspace): as if the agent's phone had sent
   * a REFER to {@code target}, without the NOTIFYs (the phone subscribed to nothing).
   */
  io.vertx.core.Future<io.linehub.api.sip.TransferCall> requested(io.linehub.api.sip.TransferCall request) {
    CallSession call = calls.calls.get(request.callId());
    if (call == null || call.finished) {
      return io.vertx.core.Future.failedFuture(io.linehub.api.error.LinehubException.notFound(
          "no live call " + request.callId()));
    }
    Leg transferor = call.liveLegOf(request.agentId());
    Leg kept = transferor == null ? null : call.peer(transferor);
    if (transferor == null || kept == null || kept.ended) {
      return io.vertx.core.Future.failedFuture(io.linehub.api.error.LinehubException.conflict(
          "agent " + request.agentId() + " is not talking in call " + request.callId()));
    }
    if (call.transfer != null || call.holdChanging) {
      return io.vertx.core.Future.failedFuture(io.linehub.api.error.LinehubException.conflict(
          "call " + request.callId() + (call.transfer != null ? " is being transferred already"
              : " is being put on or taken off hold")));
    }
    call.transfer = new CallSession.Transfer(transferor, request.target(), CallSession.Transfer.NO_SUBSCRIPTION);
    blind(call, transferor, kept, request.target());
    return io.vertx.core.Future.succeededFuture(request);
  }

  void blind(CallSession call, Leg transferor, Leg kept, String target) {
    Leg.Outcome outcome = new Leg.Outcome() {
      @Override
      public void answered(Leg leg, Response ok) {
        if (call.transfer == null || kept.ended) {
          calls.hangUp(leg);
          return;
        }
        calls.cancelOutgoing(call, leg, l -> call.transfer.targets.contains(l));
        replaceParty(call, transferor, leg);
        calls.relays.reinvite(kept, leg.sdp, leg.sdpType, null);
      }

      @Override
      public void failed(Leg leg, int status) {
        if (call.transfer != null && call.transfer.targets.stream().allMatch(l -> l.ended)) {
          transferFailed(call, status);
        }
      }
    };
    Optional<Long> agent = calls.bindings.agentOfExtension(target);
    Optional<Trunk> trunk = calls.trunks.outbound();
    try {
      int before = call.outgoing.size();
      if (agent.isPresent()) {
        calls.forkToAgent(call, agent.get(), target, c -> outcome);
      } else if (trunk.isPresent() && Numbers.isExternal(target)) {
        calls.toTrunk(call, trunk.get(), Numbers.normalize(target), call.from, kept.sdp, kept.sdpType, outcome);
      }
      call.transfer.targets.addAll(call.outgoing.subList(before, call.outgoing.size()));
    } catch (Exception e) {
      calls.LOG.warn("Transfer target not called [call-id: {}, target: {}]: {}", call.id, target, e.toString());
    }
    if (call.transfer.targets.isEmpty()) {
      transferFailed(call, Response.NOT_FOUND);
    }
  }

  /**
   * Attended transfer: the transferor talks to the customer on this call and to the target on
   * another call (the one Replaces names). The target's leg is re-INVITEd with the customer's SDP,
   * the customer with the target's answer, and the target's leg moves into this call; the
   * transferor's two calls.legs are released.
   */
  void attended(CallSession call, Leg transferor, Leg kept, String replacesCallId) {
    Leg replaced = calls.legs.get(replacesCallId);
    CallSession other = replaced == null ? null : replaced.call;
    Leg target = other == null || other == call ? null : other.peer(replaced);
    if (target == null || target.ended) {
      transferFailed(call, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
      return;
    }
    calls.relays.reinvite(target, kept.sdp, kept.sdpType, targetOk -> {
      if (targetOk == null || call.finished || kept.ended) {
        transferFailed(call, targetOk == null ? Response.REQUEST_TIMEOUT : Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
        return;
      }
      calls.relays.reinvite(kept, target.sdp, target.sdpType, null);
      // The target's leg leaves its consultation call for this one; that call ends as answered.
      if (other.a == target) {
        other.a = null;
      } else {
        other.b = null;
      }
      other.outgoing.remove(target);
      calls.hangUp(replaced);
      calls.end(other, CallDisposition.ANSWERED, Response.OK, other.routed ? FinishReason.COMPLETED : null);
      target.call = call;
      calls.legs.put(target.callId, target);
      call.outgoing.add(target);
      if (target.agentId != null) {
        call.agentIds.add(target.agentId);
      }
      replaceParty(call, transferor, target);
    });
  }

  /** The transfer succeeded: {@code target} takes the transferor's place, who is told and released. */
  void replaceParty(CallSession call, Leg transferor, Leg target) {
    if (call.a == transferor) {
      call.a = target;
    } else {
      call.b = target;
    }
    if (target.agentId != null) {
      call.agentIds.add(target.agentId);
    }
    // The remaining party is re-INVITEd with the new party's SDP made active: a hold is over.
    call.heldFor = null;
    CallSession.Transfer transfer = call.transfer;
    notifyTransfer(transfer, "SIP/2.0 200 OK", true);
    call.transfer = null;
    calls.publish(call, CallEventType.TRANSFERRED, transferor.agentId, transfer.target);
    if (target.agentId != null) {
      calls.publish(call, CallEventType.ANSWERED, target.agentId, null);
    }
    if (!transferor.ended) {
      calls.hangUp(transferor);
    }
  }

  void transferFailed(CallSession call, int status) {
    CallSession.Transfer transfer = call.transfer;
    call.transfer = null;
    notifyTransfer(transfer, "SIP/2.0 " + status + " Transfer failed", true);
    if (transfer.transferor.ended) {
      // Nobody is left with the customer.
      Leg kept = call.peer(transfer.transferor);
      if (kept != null) {
        calls.hangUp(kept);
      }
      calls.end(call, CallDisposition.ANSWERED, Response.OK, FinishReason.COMPLETED);
    }
  }

  void notifyTransfer(CallSession.Transfer transfer, String sipfrag, boolean terminated) {
    if (transfer == null || transfer.transferor.ended || transfer.eventId == CallSession.Transfer.NO_SUBSCRIPTION) {
      return;
    }
    try {
      Dialog dialog = transfer.transferor.dialog;
      Request notify = dialog.createRequest(Request.NOTIFY);
      var eventHeader = calls.f.headers().createEventHeader("refer");
      eventHeader.setEventId(Long.toString(transfer.eventId));
      notify.setHeader(eventHeader);
      notify.setHeader(calls.f.headers().createSubscriptionStateHeader(terminated ? "terminated;reason=noresource"
          : "active;expires=60"));
      notify.setContent(sipfrag, calls.f.headers().createContentTypeHeader("message", "sipfrag;version=2.0"));
      ClientTransaction ct = calls.provider.getNewClientTransaction(notify);
      ct.setApplicationData(Awaiting.NOTHING);
      dialog.sendRequest(ct);
    } catch (Exception e) {
      calls.LOG.debug("NOTIFY not sent [call-id: {}]: {}", transfer.transferor.call.id, e.toString());
    }
  }
}
