package io.linehub.server.routing;

import io.linehub.api.crm.CrmAddresses;
import io.linehub.api.crm.CustomerCard;
import io.linehub.api.crm.OwnerFound;
import io.linehub.api.crm.OwnerQuery;
import io.linehub.api.bus.BusReplies;
import io.linehub.api.error.LinehubException;
import io.linehub.api.routing.CallReservation;
import io.linehub.api.routing.Finish;
import io.linehub.api.routing.OfferJson;
import io.linehub.api.routing.OfferReply;
import io.linehub.api.routing.PresenceChanged;
import io.linehub.api.routing.RegistrationChanged;
import io.linehub.api.routing.ReserveCall;
import io.linehub.api.routing.RouteRequest;
import io.linehub.api.routing.RoutingAddresses;
import io.linehub.api.routing.SetPresence;
import io.linehub.api.sip.CallEnded;
import io.linehub.api.sip.CallEvent;
import io.linehub.api.sip.SipAddresses;
import io.linehub.server.lines.Line;
import io.linehub.server.lines.LineAddresses;
import io.linehub.server.lines.LineCatalog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the node's one {@link RoutingEngine} on this verticle's context and serves the routing
 * contracts of {@link RoutingAddresses} on the event bus. Deploy exactly one instance per node:
 * the engine's decisions are atomic because they all run on this one event loop.
 */
public final class RoutingVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(RoutingVerticle.class);
  /** Shared: without options Vert.x allocates a DeliveryOptions per publish. */
  private static final DeliveryOptions PUBLISH = new DeliveryOptions();
  /**
   * The CRM lookup holds the customer's arrival: without an answer by then, routing goes on without
   * it. The query says so, and the CRM does not query for a lookup nobody waits for any more.
   */
  private static final long CRM_WAIT_MILLIS = 500;
  private static final DeliveryOptions CRM_TIMEOUT = new DeliveryOptions().setSendTimeout(CRM_WAIT_MILLIS);

  private final LineSource lines;
  private final LineCatalog catalog;
  private final ClaimStore claims;
  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new HashMap<>();
  private final Map<String, Long> reloads = new HashMap<>();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private RoutingEngine engine;

  public RoutingVerticle(LineSource lines, LineCatalog catalog, ClaimStore claims, MeterRegistry registry) {
    this.lines = lines;
    this.catalog = catalog;
    this.claims = claims;
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    engine = new RoutingEngine(new VertxScheduler(vertx, context), this::publish, claims, new CrmCallbacks(vertx));
    return lines.all()
        .onSuccess(all -> all.forEach(this::putLine))
        .compose(ignored -> claims.recover())
        .onSuccess(engine::restore)
        .compose(ignored -> claims.chosen())
        .onSuccess(engine::restoreChosen)
        .compose(ignored -> {
          consume(RoutingAddresses.ENQUEUE, this::onEnqueue);
          consume(RoutingAddresses.ACCEPT, (Message<OfferReply> m) ->
              BusReplies.reply(m, engine.accept(m.body().ticketId(), m.body().agentId())));
          consume(RoutingAddresses.DECLINE, (Message<OfferReply> m) -> answer(m, () -> {
            engine.decline(m.body().ticketId(), m.body().agentId());
            return m.body().ticketId();
          }));
          consume(RoutingAddresses.FINISH, (Message<Finish> m) -> answer(m, () -> {
            engine.finish(m.body().ticketId(), m.body().reason());
            return m.body().ticketId();
          }));
          consume(RoutingAddresses.SET_PRESENCE, this::onSetPresence);
          consume(RoutingAddresses.RESERVE_CALL, (Message<ReserveCall> m) -> answer(m,
              () -> new CallReservation(m.body().reservationId(), engine.reserveCall(m.body()).orElse(null))));
          consume(RoutingAddresses.RELEASE_RESERVATION, (Message<CallReservation> m) -> answer(m, () -> {
            engine.releaseReservation(m.body().reservationId());
            return m.body().reservationId();
          }));
          consume(RoutingAddresses.REGISTRATION_CHANGED, (Message<RegistrationChanged> m) ->
              engine.registration(m.body().agentId(), m.body().registered()));
          consume(SipAddresses.CALL_EVENT, (Message<CallEvent> m) -> engine.callEvent(m.body()));
          consume(SipAddresses.CALL_ENDED, (Message<CallEnded> m) -> engine.callEnded(m.body()));
          consume(LineAddresses.CHANGED, (Message<String> m) -> reload(m.body()));
          consume(RoutingQueries.AGENTS, (Message<Long> m) -> answer(m, this::agents));
          consume(RoutingQueries.OFFERS, (Message<Long> m) -> answer(m, () -> offers(m.body())));
          consume(RoutingQueries.TICKET, (Message<String> m) -> answer(m, () -> ticket(m.body())));
          return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
        });
  }

  @Override
  public Future<?> stop() {
    return Future.all(consumers.stream().map(MessageConsumer::unregister).toList());
  }

  private <T> void consume(String address, io.vertx.core.Handler<Message<T>> handler) {
    consumers.add(vertx.eventBus().<T>localConsumer(address, handler));
  }

  private void onEnqueue(Message<RouteRequest> message) {
    RouteRequest request = message.body();
    // Every new ticket with identities asks the CRM who the customer is, once: the card pops up with
    // each offer, and a line routing to the owner takes the responsible from it. A repeated enqueue
    // of a live ticket is a no-op and does not ask again.
    boolean askCrm = !request.identities().isEmpty() && engine.ticketState(request.ticketId()).isEmpty();
    Future<CustomerCard> card = !askCrm ? Future.succeededFuture()
        : vertx.eventBus().<OwnerFound>request(CrmAddresses.FIND_OWNER,
                new OwnerQuery(request.identities(), CRM_WAIT_MILLIS), CRM_TIMEOUT)
            .map(found -> found.body().card())
            .otherwise(failure -> {
              LOG.warn("CRM lookup failed, routing without the customer's card [ticket: {}]: {}",
                  request.ticketId(), failure.getMessage());
              return null;
            });
    card.onComplete(ar -> answer(message, () -> engine.enqueue(request, ar.result())));
  }

  /** The agent's choice takes effect at once and is answered once kept (a restart gives it back). */
  private void onSetPresence(Message<SetPresence> message) {
    SetPresence body = message.body();
    PresenceChanged changed;
    try {
      changed = engine.setPresence(body.agentId(), body.state(), body.reason());
    } catch (LinehubException e) {
      message.reply(e.toReply());
      return;
    }
    BusReplies.reply(message, claims.choose(new ClaimStore.Chosen(body.agentId(), body.state(), changed.reason(),
        engine.scheduler.now())).map(changed));
  }

  /** Rereads one line; a reload overtaken by a newer one for the same line is dropped. */
  private void reload(String lineId) {
    long generation = reloads.merge(lineId, 1L, Long::sum);
    lines.byId(lineId).onComplete(ar -> {
      if (reloads.get(lineId) != generation) {
        return;
      }
      if (ar.failed()) {
        LOG.error("Line reload failed, routing keeps the previous rules [line: {}]", lineId, ar.cause());
      } else if (ar.result().isPresent()) {
        putLine(ar.result().get());
      } else {
        engine.removeLine(lineId);
        catalog.remove(lineId);
      }
    });
  }

  private void putLine(Line line) {
    engine.putLine(line);
    catalog.put(line);
  }

  private JsonArray agents() {
    JsonArray out = new JsonArray();
    engine.agents().forEach(p -> out.add(PresenceJson.of(p)));
    return out;
  }

  private JsonArray offers(long agentId) {
    JsonArray out = new JsonArray();
    engine.offersTo(agentId).forEach(offer -> out.add(OfferJson.of(offer)));
    return out;
  }

  private JsonObject ticket(String ticketId) {
    var state = engine.ticketState(ticketId)
        .orElseThrow(() -> LinehubException.notFound("ticket " + ticketId + " is not live"));
    return new JsonObject().put("ticketId", ticketId).put("state", state.name().toLowerCase(Locale.ROOT))
        .put("agentId", engine.ticketAgent(ticketId).orElse(null));
  }

  private <T> void answer(Message<?> message, Supplier<T> action) {
    try {
      message.reply(action.get());
    } catch (LinehubException e) {
      message.reply(e.toReply());
    } catch (RuntimeException e) {
      LOG.error("Routing request failed [address: {}]", message.address(), e);
      message.reply(LinehubException.from(e).toReply());
    }
  }

  private void publish(String address, Object event) {
    counters.computeIfAbsent(address, a -> Counter.builder("linehub.routing.events")
        .tag("type", a.substring(a.lastIndexOf('.') + 1))
        .description("Routing and presence events published").register(registry)).increment();
    vertx.eventBus().publish(address, event, PUBLISH);
  }
}
