package io.linehub.server.supervisor;

import io.linehub.api.supervisor.SupervisorAddresses;
import io.linehub.api.routing.Assigned;
import io.linehub.api.routing.FellBack;
import io.linehub.api.routing.OfferWithdrawn;
import io.linehub.api.routing.Offered;
import io.linehub.api.routing.PresenceChanged;
import io.linehub.api.routing.Queued;
import io.linehub.api.routing.RoutingAddresses;
import io.linehub.api.routing.TicketClosed;
import io.linehub.server.lines.Line;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the {@link LiveModel}: applies every routing event to it, publishes the resulting delta
 * frames on {@link SupervisorAddresses#DELTA} and answers {@link SupervisorAddresses#SNAPSHOT}.
 * Frames are rendered only while some feed watches (it asked for a snapshot with its id and has
 * not sent {@link SupervisorAddresses#UNWATCH} since).
 * Deploy exactly one instance per hub node: the model is its state.
 */
public final class SupervisorVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SupervisorVerticle.class);
  /** How often to look for a line whose local day ended while nothing happened on it. */
  static final long ROLLOVER_CHECK_MS = 15_000;
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final Clock clock;
  private final Function<String, Optional<Line>> lines;
  private LiveModel model;
  /** The feeds that want deltas ({@link io.linehub.api.supervisor.LiveFeed}'s ids); none, no frames. */
  private final Set<String> watchers = new HashSet<>();
  private long rolloverTimer;

  /**
   * @param lines a line's current settings (name, zone, service level); called on this verticle's
   *     event loop, so it must answer from memory
   */
  public SupervisorVerticle(Clock clock, Function<String, Optional<Line>> lines) {
    this.clock = clock;
    this.lines = lines;
  }

  @Override
  public Future<?> start() {
    model = new LiveModel(clock, lines);
    model.watched(false);
    List<MessageConsumer<?>> consumers = new ArrayList<>();
    consumers.add(on(RoutingAddresses.QUEUED, Queued.class, model::apply));
    consumers.add(on(RoutingAddresses.OFFERED, Offered.class, model::apply));
    consumers.add(on(RoutingAddresses.OFFER_WITHDRAWN, OfferWithdrawn.class, model::apply));
    consumers.add(on(RoutingAddresses.ASSIGNED, Assigned.class, model::apply));
    consumers.add(on(RoutingAddresses.FELL_BACK, FellBack.class, model::apply));
    consumers.add(on(RoutingAddresses.CLOSED, TicketClosed.class, model::apply));
    consumers.add(on(RoutingAddresses.PRESENCE_CHANGED, PresenceChanged.class, model::apply));
    consumers.add(vertx.eventBus().localConsumer(SupervisorAddresses.SNAPSHOT, message -> {
      if (message.body() instanceof String watcher) {
        watchers.add(watcher);
        model.watched(true);
      }
      // Roll the day over first so the snapshot and the deltas agree on today's counters.
      publish(model.rollover());
      message.reply(model.snapshot());
    }));
    consumers.add(vertx.eventBus().<String>localConsumer(SupervisorAddresses.UNWATCH, message -> {
      watchers.remove(message.body());
      model.watched(!watchers.isEmpty());
    }));
    rolloverTimer = vertx.setPeriodic(ROLLOVER_CHECK_MS, id -> publish(model.rollover()));
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(rolloverTimer);
    return Future.succeededFuture();
  }

  private <T> MessageConsumer<T> on(String address, Class<T> body, Function<T, List<JsonObject>> apply) {
    return vertx.eventBus().<T>consumer(address, message -> {
      try {
        publish(apply.apply(body.cast(message.body())));
      } catch (RuntimeException e) {
        // One malformed event must not stop the wallboard: log it and keep serving the next ones.
        LOG.warn("Supervisor model could not apply an event [address: {}]", address, e);
      }
    });
  }

  private void publish(List<JsonObject> frames) {
    for (JsonObject frame : frames) {
      vertx.eventBus().publish(SupervisorAddresses.DELTA, frame, LOCAL);
    }
  }
}
