package io.linehub.sip;

import io.linehub.api.sip.CallEventType;
import java.util.function.Consumer;
import javax.sip.ClientTransaction;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * In-dialog requests relayed between a call's two legs (re-INVITE for hold and resume, UPDATE,
 * INFO) and the B2BUA's own re-INVITEs, all sent through {@link #send}. Part of {@link Calls};
 * confined to the SIP verticle's context.
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
    boolean offer = invite || Request.UPDATE.equals(request.getMethod());
    Leg to = call.peer(from);
    if (to == null || to.ended || call.finished || (invite && (call.transfer != null || call.holdChanging))) {
      st.sendResponse(calls.f.messages().createResponse(invite ? Response.REQUEST_PENDING : Response.OK, request));
      return true;
    }
    ContentTypeHeader type = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
    if (offer) {
      from.sdp(request.getRawContent(), type);
      noteHold(call, from, request.getRawContent());
    }
    Request out = to.dialog.createRequest(request.getMethod());
    byte[] body = offer ? relayed(call, to, request.getRawContent()) : request.getRawContent();
    if (body != null) {
      out.setContent(body, type);
    }
    if (invite) {
      out.setHeader(calls.f.headers().createContactHeader(calls.ourAddress(calls.hostOf(to))));
    }
    boolean sent = send(to, out, new Awaiting() {
      @Override
      public void response(Response response) {
        try {
          boolean ok = response.getStatusCode() < 300;
          if (ok && offer) {
            to.sent(body);
          }
          Response back = calls.f.messages().createResponse(response.getStatusCode(), request);
          if (response.getRawContent() != null) {
            byte[] answer = offer ? relayed(call, from, response.getRawContent()) : response.getRawContent();
            back.setContent(answer, (ContentTypeHeader) response.getHeader(ContentTypeHeader.NAME));
            if (ok && offer) {
              from.sent(answer);
            }
          }
          if (invite && ok) {
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
    if (!sent) {
      // A request of ours is still pending on that dialog (RFC 3261 §14.1: glare).
      st.sendResponse(calls.f.messages().createResponse(
          invite ? Response.REQUEST_PENDING : Response.SERVER_INTERNAL_ERROR,
          request));
    }
    return true;
  }

  /**
   * SDP on its way to {@code to}: inactive while the hub holds the call (a phone's session refresh
   * or codec change must not take it off hold), numbered on from what {@code to} saw last.
   */
  private static byte[] relayed(CallSession call, Leg to, byte[] sdp) {
    return to.versioned(call.heldFor != null ? Sdp.inactive(sdp) : sdp);
  }

  void noteHold(CallSession call, Leg from, byte[] sdp) {
    boolean holds = Sdp.holds(sdp);
    // A phone the hub holds for never knew it was held: its sendrecv refresh is not a resume.
    if (holds == from.holding || from == call.heldFor) {
      return;
    }
    from.holding = holds;
    Leg peer = call.peer(from);
    Long agent = from.agentId != null ? from.agentId : peer != null ? peer.agentId : null;
    calls.publish(call, holds ? CallEventType.HELD : CallEventType.RESUMED, agent,
        from.agentId != null ? "agent" : "customer");
  }

  /** A re-INVITE of ours on {@code leg} with {@code sdp} made active; {@code then} gets the 2xx, or null on failure. */
  void reinvite(Leg leg, byte[] sdp, ContentTypeHeader type, Consumer<Response> then) {
    offer(leg, Sdp.active(sdp), type, response -> {
      if (then != null) {
        then.accept(response != null && response.getStatusCode() < 300 ? response : null);
      }
    });
  }

  /**
   * A re-INVITE of ours on {@code leg} offering {@code sdp} (numbered for the party, RFC 3264 §8);
   * {@code then} gets the final response, or null when none came (no answer, or not sent).
   */
  void offer(Leg leg, byte[] sdp, ContentTypeHeader type, Consumer<Response> then) {
    try {
      Request invite = leg.dialog.createRequest(Request.INVITE);
      invite.setHeader(calls.f.headers().createContactHeader(calls.ourAddress(calls.hostOf(leg))));
      byte[] body = sdp == null ? null : leg.versioned(sdp);
      if (body != null) {
        invite.setContent(body, type);
      }
      if (send(leg, invite, new Awaiting() {
        @Override
        public void response(Response response) {
          if (response.getStatusCode() < 300) {
            leg.sent(body);
          }
          then.accept(response);
        }

        @Override
        public void timeout() {
          then.accept(null);
        }
      })) {
        return;
      }
      calls.LOG.warn("re-INVITE not sent, a request of ours is pending [call-id: {}]", leg.callId);
    } catch (Exception e) {
      calls.LOG.warn("re-INVITE not sent [call-id: {}]: {}", leg.callId, e.toString());
    }
    then.accept(null);
  }

  /**
   * {@code out}, a request of {@code leg}'s dialog, in a new client transaction; {@code then} gets
   * its final response or its timeout. An INVITE's 2xx is ACKed here and its SDP kept as the
   * party's, and the leg is {@link Leg#reinviting} until the INVITE's answer. False when the dialog
   * would not send it (a request of ours still pending on it): {@code then} is never called.
   */
  boolean send(Leg leg, Request out, Awaiting then) throws SipException {
    boolean invite = Request.INVITE.equals(out.getMethod());
    ClientTransaction ct = calls.provider.getNewClientTransaction(out);
    ct.setApplicationData(new Awaiting() {
      @Override
      public void response(Response response) {
        if (invite) {
          leg.reinviting = false;
        }
        if (invite && response.getStatusCode() < 300) {
          try {
            leg.dialog.sendAck(leg.dialog.createAck(((CSeqHeader) response.getHeader(CSeqHeader.NAME))
                .getSeqNumber()));
          } catch (Exception e) {
            calls.LOG.debug("ACK not sent [call-id: {}]: {}", leg.callId, e.toString());
          }
          leg.sdp(response.getRawContent(), (ContentTypeHeader) response.getHeader(ContentTypeHeader.NAME));
        }
        then.response(response);
      }

      @Override
      public void timeout() {
        if (invite) {
          leg.reinviting = false;
        }
        then.timeout();
      }
    });
    try {
      leg.dialog.sendRequest(ct);
    } catch (SipException busy) {
      return false;
    }
    leg.reinviting |= invite;
    return true;
  }
}
