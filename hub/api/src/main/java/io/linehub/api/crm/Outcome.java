package io.linehub.api.crm;

/**
 * How an interaction ended. Calls use the call dispositions; messages use {@code RECEIVED} /
 * {@code SENT}. The linking rules turn these into activity kind and status.
 */
public enum Outcome {
  ANSWERED,
  MISSED,
  ABANDONED,
  BUSY,
  DECLINED,
  FAILED,
  RECEIVED,
  SENT,
  /** The customer asked to be called back (the site's callback form): an open callback activity. */
  CALLBACK_REQUESTED;

  /** A call the customer did not get through on: it leaves an open callback activity. */
  public boolean isUnansweredCall() {
    return this == MISSED || this == ABANDONED || this == BUSY || this == DECLINED || this == FAILED;
  }
}
