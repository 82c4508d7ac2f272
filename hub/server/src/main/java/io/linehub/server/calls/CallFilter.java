package io.linehub.server.calls;

import java.time.Instant;

/** The history filters of {@code GET /api/v1/calls}; null means "any". */
record CallFilter(String line, Long agent, String disposition, String direction, String state, Instant from,
    Instant to) {
}
