package io.linehub.server;

import io.linehub.server.lines.Line;
import io.linehub.server.lines.LineStore;
import io.linehub.server.routing.LineSource;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** Routing reads its lines from the line store. */
record StoredLines(LineStore store) implements LineSource {

  @Override
  public Future<List<Line>> all() {
    return store.all();
  }

  @Override
  public Future<Optional<Line>> byId(String lineId) {
    return store.byId(lineId);
  }
}
