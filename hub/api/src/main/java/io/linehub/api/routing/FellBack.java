package io.linehub.api.routing;

/**
 * Published when routing gives a ticket up to a fallback; the owner of the media performs it.
 * For {@link FallbackAction#LINE} routing itself re-enqueues the customer on the target line.
 */
public record FellBack(String ticketId, String lineId, Media media, String customer, Fallback fallback,
    FallbackReason reason) {
}
