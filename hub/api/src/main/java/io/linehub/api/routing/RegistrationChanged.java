package io.linehub.api.routing;

/**
 * Published by sip-bridge on {@link RoutingAddresses#REGISTRATION_CHANGED} when an agent's phone
 * registers or its last binding expires: an agent without a registered phone is offered no calls.
 */
public record RegistrationChanged(long agentId, boolean registered) {
}
