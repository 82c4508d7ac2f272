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

  /** Event, no body: trunks were changed (sip-bridge re-reads them and reconciles its registrations). */
  public static final String TRUNKS_CHANGED = "sip.trunks.changed";

  private SipAddresses() {
  }
}
