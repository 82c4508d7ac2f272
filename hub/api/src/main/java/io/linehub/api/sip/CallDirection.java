package io.linehub.api.sip;

/** Which way a call goes, seen from the contact centre. */
public enum CallDirection {
  /** From a trunk (a customer) to a line. */
  INBOUND,
  /** From an agent (softphone or click-to-call) out through a trunk. */
  OUTBOUND,
  /** Between two agents' extensions. */
  INTERNAL
}
