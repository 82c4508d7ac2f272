package io.linehub.sip;

import io.linehub.api.sip.CallEventType;
import java.util.function.Consumer;
import javax.sip.ClientTransaction;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * In-dialog requests relayed between a call's two legs (re-INVITE for hold and resume, UPDATE,
 * INFO) and the B2BUA's own re-INVITEs. Part of {@link Calls}; confined to the SIP verticle's context.
 */
final class Relays {

  private final Calls calls;

  Relays(Calls calls) {
    this.calls = calls;
  }

  /**
   * A re-INVITE (hold, resume, new media), INFO (DTMF) or UPDATE on one leg goes to the other leg
   * and its final response comes back; the hold state is read from the SDP on the way.
   */
  boolean inDialog(RequestEvent event) throws Exception {
    Request request = event.getRequest();
    Leg from = calls.legs.get(calls.callId(request));
    if (from == null) {
      return false;
    }
    ServerTransaction st = calls.serverTransaction(event);
    CallSession call = from.call;
    boolean invite = Request.INVITE.equals(request.getMethod());
    Leg to = call.peer(from);
    if (to == null || to.ended || call.finished || (invite && call.transfer != null)) {
      st.sendResponse(calls.f.messages().createResponse(invite ? Response.REQUEST_PENDING : Response.OK, request));
      return true;
    }
    if (invite || Request.UPDATE.equals(request.getMethod())) {
      from.sdp(request.getRawContent(), (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME));
      noteHold(call, from, request.getRawContent());
    }
    Request out = to.dialog.createRequest(request.getMethod());
    if (request.getRawContent() != null) {
      out.setContent(request.getRawContent(), (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME));
    }
    if (invite) {
      out.setHeader(calls.f.headers().createContactHeader(calls.ourAddress(calls.hostOf(to))));
    }
    ClientTransaction ct = calls.provider.getNewClientTransaction(out);
    ct.setApplicationData(new Awaiting() {
      @Override
      public void response(Response response) {
        try {
          if (invite && response.getStatusCode() < 300) {
            to.dialog.sendAck(to.dialog.createAck(((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber()));
            to.sdp(response.getRawContent(), (ContentTypeHeader) response.getHeader(ContentTypeHeader.NAME));
          }
          Response back = calls.f.messages().createResponse(response.getStatusCode(), request);
          if (response.getRawContent() != null) {
            back.setContent(response.getRawContent(), (ContentTypeHeader) response.getHeader(ContentTypeHeader.NAME));
          }
          if (invite && response.getStatusCode() < 300) {
            back.addHeader(calls.f.headers().createContactHeader(calls.ourAddress(calls.hostOf(from))));
          }
          st.sendResponse(back);
        } catch (Exception e) {
          calls.LOG.debug("Relayed response not sent [call-id: {}]: {}", call.id, e.toString());
        }
      }

      @Override
      public void timeout() {
        try {
          st.sendResponse(calls.f.messages().createResponse(Response.REQUEST_TIMEOUT, request));
        } catch (Exception e) {
          calls.LOG.debug("408 not sent [call-id: {}]: {}", call.id, e.toString());
        }
      }
    });
    try {
      to.dialog.sendRequest(ct);
    } catch (javax.sip.SipException busy) {
      // A request of ours is still pending on that dialog (RFC 3261 §14.1: glare).
      st.sendResponse(calls.f.messages().createResponse(
          invite ? Response.REQUEST_PENDING : Response.SERVER_INTERNAL_ERROR,
          request));
    }
    return true;
  }

  void noteHold(CallSession call, Leg from, byte[] sdp) {
    boolean holds = Sdp.holds(sdp);
    if (holds == from.holding) {
      return;
    }
    from.holding = holds;
    Leg peer = call.peer(from);
    Long agent = from.agentId != null ? from.agentId : peer != null ? peer.agentId : null;
    calls.publish(call, holds ? CallEventType.HELD : CallEventType.RESUMED, agent,
        from.agentId != null ? "agent" : "customer");
  }

  /** A re-INVITE of ours on {@code leg} with {@code sdp}; {@code then} gets the 2xx, or null on failure. */
  void reinvite(Leg leg, byte[] sdp, ContentTypeHeader type, Consumer<Response> then) {
    try {
      Request invite = leg.dialog.createRequest(Request.INVITE);
      invite.setHeader(calls.f.headers().createContactHeader(calls.ourAddress(calls.hostOf(leg))));
      if (sdp != null) {
        invite.setContent(Sdp.active(sdp), type);
      }
      ClientTransaction ct = calls.provider.getNewClientTransaction(invite);
      ct.setApplicationData(new Awaiting() {
        @Override
        public void response(Response response) {
          boolean ok = response.getStatusCode() < 300;
          if (ok) {
            try {
              leg.dialog.sendAck(leg.dialog.createAck(((CSeqHeader) response.getHeader(CSeqHeader.NAME))
                  .getSeqNumber()));
            } catch (Exception e) {
              calls.LOG.debug("ACK not sent [call-id: {}]: {}", leg.callId, e.toString());
            }
            leg.sdp(response.getRawContent(), (ContentTypeHeader) response.getHeader(ContentTypeHeader.NAME));
          }
          if (then != null) {
            then.accept(ok ? response : null);
          }
        }

        @Override
        public void timeout() {
          if (then != null) {
            then.accept(null);
          }
        }
      });
      leg.dialog.sendRequest(ct);
    } catch (Exception e) {
      calls.LOG.warn("re-INVITE not sent [call-id: {}]: {}", leg.callId, e.toString());
      if (then != null) {
        then.accept(null);
      }
    }
  }
}
