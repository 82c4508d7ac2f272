package io.linehub.server;

import io.linehub.crm.CrmModule;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** Serves crm-link's event-bus contract ({@code crm.interaction.link}) for this node. */
final class CrmVerticle extends VerticleBase {

  private final CrmModule crm;

  CrmVerticle(CrmModule crm) {
    this.crm = crm;
  }

  @Override
  public Future<?> start() {
    return crm.registerConsumers();
  }

  @Override
  public Future<?> stop() {
    return crm.close();
  }
}
