package io.linehub.api.sip;

/**
 * A blind transfer asked for outside the phone (the agent workspace's Transfer button): the agent's
 * party in the call is replaced by {@code target}, like a REFER from the agent's phone would do,
 * and the agent's phone is released once the target answers.
 *
 * @param callId the call's id (as in call events)
 * @param agentId the agent handing the call on: must be talking in it
 * @param target an extension or an external number (through the outbound trunk)
 */
public record TransferCall(String callId, long agentId, String target) {
}
