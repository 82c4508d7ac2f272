package io.linehub.api.sip;

/** Event-bus addresses of sip-bridge. */
public final class SipAddresses {

  /** Event: body {@link CallEnded}. */
  public static final String CALL_ENDED = "sip.call.ended";

  private SipAddresses() {
  }
}
