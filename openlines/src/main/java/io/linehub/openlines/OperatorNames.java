package io.linehub.openlines;

import io.linehub.api.users.UserAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Operators' display names for the site widget ("Olga is typing…"), asked of the hub's users over
 * the bus and kept for ten minutes (a renamed operator shows under the new name after that).
 * Bounded; thread-safe.
 */
final class OperatorNames {

  private static final long KEEP_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(10);
  private static final int MAX = 10_000;

  private record Known(Future<String> name, long at) {
  }

  private final Vertx vertx;
  private final Map<Long, Known> known = new ConcurrentHashMap<>();

  OperatorNames(Vertx vertx) {
    this.vertx = vertx;
  }

  /** The operator's display name; null when the hub does not know the id or could not say. */
  Future<String> of(long operatorId) {
    long now = System.nanoTime();
    Known cached = known.get(operatorId);
    if (cached != null && now - cached.at() < KEEP_NANOS && !cached.name().failed()) {
      return cached.name();
    }
    if (known.size() >= MAX) {
      known.clear();
    }
    Future<String> name = vertx.eventBus().<String>request(UserAddresses.DISPLAY_NAME, operatorId,
        new DeliveryOptions().setSendTimeout(5_000)).map(reply -> reply.body());
    known.put(operatorId, new Known(name, now));
    return name.recover(e -> Future.succeededFuture(null));
  }
}
