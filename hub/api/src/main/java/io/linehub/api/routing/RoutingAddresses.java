package io.linehub.api.routing;

/** Event-bus addresses of routing (ACD) and presence, served by hub/server. */
public final class RoutingAddresses {

  /** Request/reply: body {@link RouteRequest}, reply {@link Enqueued}; 404 for an unknown line. */
  public static final String ENQUEUE = "hub.routing.enqueue";
  /** Request/reply: body {@link OfferReply}, reply {@link Assigned}; 409 when taken or not offered. */
  public static final String ACCEPT = "hub.routing.accept";
  /** Request/reply: body {@link OfferReply}, reply the ticket id; the next member is offered. */
  public static final String DECLINE = "hub.routing.decline";
  /** Request/reply: body {@link Finish}, reply the ticket id; frees the agent, starts wrap-up after a call. */
  public static final String FINISH = "hub.routing.finish";
  /** Request/reply: body {@link SetPresence}, reply {@link PresenceChanged}. */
  public static final String SET_PRESENCE = "hub.presence.set";
  /**
   * Request/reply: body {@link ReserveCall}, reply {@link CallReservation} (agent null when nobody
   * can take a call on the line now, or it is out of hours); 404 for an unknown line.
   */
  public static final String RESERVE_CALL = "hub.routing.reserve-call";
  /** Request/reply: body {@link CallReservation}, reply the reservation id; idempotent. */
  public static final String RELEASE_RESERVATION = "hub.routing.release-reservation";

  /** Event from sip-bridge: body {@link RegistrationChanged}. */
  public static final String REGISTRATION_CHANGED = "sip.registration.changed";

  /** Event: body {@link Queued}. */
  public static final String QUEUED = "hub.routing.queued";
  /** Event: body {@link Offered}. */
  public static final String OFFERED = "hub.routing.offered";
  /** Event: body {@link OfferWithdrawn}. */
  public static final String OFFER_WITHDRAWN = "hub.routing.offer-withdrawn";
  /** Event: body {@link Assigned}. */
  public static final String ASSIGNED = "hub.routing.assigned";
  /** Event: body {@link FellBack}. */
  public static final String FELL_BACK = "hub.routing.fell-back";
  /** Event: body {@link TicketClosed}. */
  public static final String CLOSED = "hub.routing.closed";
  /** Event: body {@link PresenceChanged}. */
  public static final String PRESENCE_CHANGED = "hub.presence.changed";

  private RoutingAddresses() {
  }
}
