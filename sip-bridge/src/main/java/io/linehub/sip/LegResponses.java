package io.linehub.sip;

import java.time.Clock;
import java.util.Map;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ResponseEvent;
import javax.sip.SipProvider;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;

/**
 * Responses to the B2BUA's outgoing INVITEs: progress, the answer (ACKed here, late-offer legs
 * excepted), failures, a provider's digest challenge answered once with the trunk's credentials,
 * and no answer at all (408). What each means for the call is the leg's {@link Leg.Outcome}.
 * Part of {@link Calls}; confined to the SIP verticle's context.
 */
final class LegResponses {

  private static final Logger LOG = Calls.LOG;

  private final Calls b2bua;
  private final SipFactories f;
  private final SipProvider provider;
  private final Map<String, Leg> legs;
  private final Clock clock;

  LegResponses(Calls b2bua) {
    this.b2bua = b2bua;
    this.f = b2bua.f;
    this.provider = b2bua.provider;
    this.legs = b2bua.legs;
    this.clock = b2bua.clock;
  }

  /** A response to one of our client transactions; false when it is not ours. */
  boolean response(ResponseEvent event) {
    ClientTransaction tx = event.getClientTransaction();
    Response response = event.getResponse();
    CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
    Leg leg = tx != null && tx.getApplicationData() instanceof Leg l ? l
        : legs.get(((CallIdHeader) response.getHeader(CallIdHeader.NAME)).getCallId());
    if (leg == null || leg.kind == Leg.Kind.CALLER || !Request.INVITE.equals(cseq.getMethod())
        || cseq.getSeqNumber() != leg.inviteCseq) {
      return leg != null;
    }
    int status = response.getStatusCode();
    try {
      if (status == Response.TRYING) {
        return true;
      }
      if (status < 200) {
        leg.provisional = true;
        if (!leg.ended && !leg.call.finished) {
          leg.outcome.ringing(leg, response);
        }
        return true;
      }
      if ((status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED)
          && leg.trunk != null && leg.trunk.hasCredentials() && !leg.authenticated && !leg.ended
          && authenticate(leg, response)) {
        return true;
      }
      if (status >= 300) {
        if (leg.sipCode == 0) {
          leg.sipCode = status;
        }
        if (leg.endedAt == null) {
          leg.endedAt = clock.instant();
        }
        legs.remove(leg.callId, leg);
        if (!leg.ended) {
          leg.ended = true;
          if (!leg.call.finished) {
            leg.outcome.failed(leg, status);
          }
        }
        return true;
      }
      Dialog dialog = event.getDialog() != null ? event.getDialog() : leg.dialog;
      if (leg.answeredAt != null) {
        // A retransmitted 200: our ACK was lost (or is still waiting for the other side's answer).
        if (!leg.lateOffer || leg.acked) {
          dialog.sendAck(dialog.createAck(cseq.getSeqNumber()));
        }
        return true;
      }
      leg.answeredAt = clock.instant();
      leg.sipCode = status;
      leg.sdp(response.getRawContent(), (ContentTypeHeader) response.getHeader(ContentTypeHeader.NAME));
      if (!leg.lateOffer) {
        leg.acked = true;
        dialog.sendAck(dialog.createAck(cseq.getSeqNumber()));
      }
      if (leg.ended || leg.call.finished) {
        if (leg.lateOffer) {
          b2bua.ackLate(leg, null);
        }
        b2bua.hangUp(leg);
        return true;
      }
      leg.outcome.answered(leg, response);
    } catch (Exception e) {
      LOG.warn("Response not handled [call-id: {}, status: {}]: {}", leg.call.id, status, e.toString());
    }
    return true;
  }

  /**
   * The provider challenged a trunk leg's INVITE: send it again, once, with the trunk's credentials
   * (a new transaction of the same dialog-to-be). False when the challenge cannot be answered.
   */
  private boolean authenticate(Leg leg, Response challenge) {
    try {
      Request original = leg.invite.getRequest();
      var answer = DigestClient.answer(f.headers(), challenge, original, leg.trunk.username(), leg.trunk.password());
      if (answer == null) {
        return false;
      }
      Request retry = DigestClient.retry(original, answer);
      ClientTransaction tx = provider.getNewClientTransaction(retry);
      Dialog dialog;
      try {
        dialog = provider.getNewDialog(tx);
      } catch (javax.sip.SipException sameDialog) {
        dialog = leg.dialog;
      }
      leg.authenticated = true;
      leg.invite = tx;
      leg.dialog = dialog;
      leg.inviteCseq = ((CSeqHeader) retry.getHeader(CSeqHeader.NAME)).getSeqNumber();
      tx.setApplicationData(leg);
      tx.sendRequest();
      return true;
    } catch (Exception e) {
      LOG.warn("Challenge not answered [call-id: {}, trunk: {}]: {}", leg.call.id, leg.trunk.id(), e.toString());
      return false;
    }
  }

  /** An outgoing leg's INVITE got no final response in time: it failed with 408. */
  void timedOut(Leg leg) {
    if (leg.ended) {
      return;
    }
    leg.ended = true;
    leg.sipCode = Response.REQUEST_TIMEOUT;
    leg.endedAt = clock.instant();
    legs.remove(leg.callId, leg);
    if (!leg.call.finished) {
      leg.outcome.failed(leg, Response.REQUEST_TIMEOUT);
    }
  }
}
