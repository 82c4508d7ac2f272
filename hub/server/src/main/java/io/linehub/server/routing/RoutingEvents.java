package io.linehub.server.routing;

/** Where the engine's events go: published on the event bus in production, collected in tests. */
@FunctionalInterface
public interface RoutingEvents {

  void publish(String address, Object event);
}
