package io.linehub.api.bus;

import io.linehub.api.crm.Interaction;
import io.linehub.api.crm.LeadCreated;
import io.linehub.api.crm.LinkResult;
import io.vertx.core.Vertx;
import java.util.List;

/** Registers the codec of every contract record; the composition root calls it once per Vertx. */
public final class Contracts {

  /** Every record that crosses the event bus. Add new contract records here. */
  public static final List<Class<?>> RECORDS = List.of(Interaction.class, LinkResult.class, LeadCreated.class);

  private Contracts() {
  }

  public static void registerCodecs(Vertx vertx) {
    for (Class<?> type : RECORDS) {
      register(vertx, type);
    }
  }

  private static <T> void register(Vertx vertx, Class<T> type) {
    vertx.eventBus().registerDefaultCodec(type, new RecordCodec<>(type));
  }
}
