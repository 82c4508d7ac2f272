package io.linehub.api.routing;

/** Why a ticket ends: before an agent took it the customer left; after, the conversation ended. */
public enum FinishReason {
  /** The customer hung up or left the chat while waiting. */
  CUSTOMER_LEFT,
  /** The assigned conversation ended normally. */
  COMPLETED,
  /** The call could not be set up (a SIP failure); counts like a customer who left. */
  FAILED
}
