package io.linehub.api.sip;

/**
 * Hold or resume asked for outside the phone (the agent workspace's Hold / Resume button): the
 * B2BUA re-INVITEs both parties itself, with {@code a=inactive} to hold and {@code a=sendrecv} to
 * resume (RFC 3264 §8.4), and publishes HELD / RESUMED with {@code detail} "agent".
 *
 * @param callId the call's id (as in call events)
 * @param agentId the agent asking: must be talking in the call
 * @param hold true to put the call on hold, false to take it off hold
 */
public record HoldCall(String callId, long agentId, boolean hold) {
}
