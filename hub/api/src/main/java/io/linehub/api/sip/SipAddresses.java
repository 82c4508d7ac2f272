package io.linehub.api.sip;

/** Event-bus addresses of sip-bridge. */
public final class SipAddresses {

  /** Event: body {@link CallEvent}, every step of a live call. */
  public static final String CALL_EVENT = "sip.call.event";

  /** Event: body {@link CallEnded}, once per call. */
  public static final String CALL_ENDED = "sip.call.ended";

  /**
   * Request: body {@link Originate}, reply {@link Originated} — click-to-call: ring the agent's
   * phone, then call the number through the trunk and bridge them.
   */
  public static final String ORIGINATE = "sip.call.originate";

  /**
   * Request: body {@link TransferCall}, reply the same when the transfer has started (the target is
   * being called); fails 404 for no such live call, 409 when the agent is not talking in it or a
   * transfer is already under way. Progress follows as call events (TRANSFERRED, ANSWERED).
   */
  public static final String TRANSFER = "sip.call.transfer";

  /**
   * Request: body {@link HoldCall}, reply the same once both parties took the change (for a hold,
   * once the customer's side did: from then on neither hears the other). Asking for the state the
   * call is already in replies at once. Fails 404 for no such live call (or when it ends meanwhile),
   * 409 when the agent is not talking in it, a transfer or another hold or resume is under way, the
   * agent's phone itself holds the call (resume it there), or a party refused the change (the
   * message names the SIP status); 503 when the parties did not answer within 10 s (the change may
   * still complete: HELD / RESUMED tell).
   */
  public static final String HOLD = "sip.call.hold";

  /** Event, no body: trunks were changed (sip-bridge re-reads them and reconciles its registrations). */
  public static final String TRUNKS_CHANGED = "sip.trunks.changed";

  private SipAddresses() {
  }
}
