package io.linehub.api.sip;

/**
 * Click-to-call (RFC 3725 third-party call control): ring {@code agentId}'s registered phones; when
 * the agent answers, call {@code to} through the trunk of {@code lineId} (or the default trunk) with
 * that line's caller ID, and bridge the two.
 *
 * @param to an external number (E.164 or national, normalised like the CRM does) or an extension
 * @param lineId the line whose caller ID and trunk the call uses; null for the first line with an
 *     outbound trunk
 */
public record Originate(long agentId, String to, String lineId) {
}
