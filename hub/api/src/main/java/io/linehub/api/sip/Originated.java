package io.linehub.api.sip;

/** Reply to {@link Originate}: the call exists and the agent's phone is being rung. */
public record Originated(String callId) {
}
