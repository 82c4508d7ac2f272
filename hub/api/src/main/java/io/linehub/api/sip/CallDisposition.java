package io.linehub.api.sip;

/** How a call ended, for the CRM, the supervisor and the reports. */
public enum CallDisposition {
  ANSWERED,
  /** Nobody took it and routing gave it to its fallback. */
  MISSED,
  /** The caller hung up before anyone answered. */
  ABANDONED,
  BUSY,
  DECLINED,
  FAILED
}
