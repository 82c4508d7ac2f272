package io.linehub.server.routing;

import io.linehub.api.routing.RouteRequest;
import io.linehub.server.lines.Line;
import java.time.Instant;

/** Turns a {@code callback} fallback into the open CRM activity the line's responsible works from. */
@FunctionalInterface
public interface Callbacks {

  void request(RouteRequest customer, Line line, Instant arrivedAt, Instant now);
}
