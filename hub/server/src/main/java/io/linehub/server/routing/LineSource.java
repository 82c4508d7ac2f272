package io.linehub.server.routing;

import io.linehub.server.lines.Line;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** Where routing reads lines from: the line store, reread on each {@code hub.lines.changed}. */
public interface LineSource {

  Future<List<Line>> all();

  Future<Optional<Line>> byId(String lineId);
}
