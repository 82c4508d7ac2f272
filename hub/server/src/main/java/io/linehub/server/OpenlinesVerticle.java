package io.linehub.server;

import io.linehub.openlines.OpenlinesModule;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** The open-line engine: the inbox, the sessions, the outbox and its sender. */
final class OpenlinesVerticle extends VerticleBase {

  private final OpenlinesModule openlines;

  OpenlinesVerticle(OpenlinesModule openlines) {
    this.openlines = openlines;
  }

  @Override
  public Future<?> start() {
    return openlines.start();
  }

  @Override
  public Future<?> stop() {
    return openlines.stop();
  }
}
