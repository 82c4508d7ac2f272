package io.linehub.api.sip;

/** The steps of a call's life published on {@link SipAddresses#CALL_EVENT}; the end is {@link CallEnded}. */
public enum CallEventType {
  /** The call exists: the first INVITE arrived, or click-to-call started ringing the agent. */
  STARTED,
  /** An INVITE went to an agent's phone (one event per agent, not per contact). */
  OFFERED,
  /** The agent's phone (or the far end of an outbound call) is ringing. */
  RINGING,
  /** Answered: {@code agentId} is who talks with the customer. */
  ANSWERED,
  /** One side put the other on hold (re-INVITE with sendonly/inactive); {@code detail} says which side. */
  HELD,
  /** Hold is over. */
  RESUMED,
  /** A REFER moved the call: {@code agentId} is the transferor, {@code detail} the target. */
  TRANSFERRED
}
