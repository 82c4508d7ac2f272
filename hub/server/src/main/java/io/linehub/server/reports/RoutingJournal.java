package io.linehub.server.reports;

import io.linehub.api.routing.PresenceChanged;
import io.linehub.api.routing.RoutingAddresses;
import io.linehub.api.routing.TicketClosed;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what the reports read: every {@link TicketClosed} becomes a row of {@code hub.route_tickets},
 * every change of an agent's state or away reason (offline too) a row of {@code hub.presence_log}. Rows are
 * written in batches (at {@value #BATCH_ROWS} rows or every {@value #FLUSH_MS} ms, one statement
 * each) so a burst of calls costs the database a few round trips, not one per event.
 *
 * <p>Deploy one instance per node, before routing so it sees routing's first events. It listens
 * with local consumers: each node records what its own routing publishes, and a cluster does not
 * write every event once per node. On start it records every agent a previous run left signed in as offline.
 */
public final class RoutingJournal extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(RoutingJournal.class);
  static final int BATCH_ROWS = 200;
  static final long FLUSH_MS = 250;
  static final int MAX_PENDING = 10_000;

  private final Pool pool;
  private JournalBatcher<TicketClosed> tickets;
  private JournalBatcher<PresenceTrail.Change> presence;
  private PresenceTrail trail;
  private MessageConsumer<TicketClosed> closedConsumer;
  private MessageConsumer<PresenceChanged> presenceConsumer;
  private long timer = -1;

  /** @param pool the hub's pool; the journal takes one connection per batch it writes */
  public RoutingJournal(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<?> start() {
    PgJournal store = new PgJournal(pool);
    tickets = new JournalBatcher<>("tickets", BATCH_ROWS, MAX_PENDING, store::insertTickets, PgJournal::refused);
    presence = new JournalBatcher<>("presence", BATCH_ROWS, MAX_PENDING, store::writePresence, PgJournal::refused);
    trail = new PresenceTrail();
    return store.endAllPresence(Instant.now())
        .onSuccess(ended -> {
          ended.forEach(trail::ended);
          if (!ended.isEmpty()) {
            LOG.info("Ended the presence of {} agents left signed in by the previous run", ended.size());
          }
        })
        .compose(ended -> {
          closedConsumer = vertx.eventBus().localConsumer(RoutingAddresses.CLOSED, this::onClosed);
          presenceConsumer = vertx.eventBus().localConsumer(RoutingAddresses.PRESENCE_CHANGED, this::onPresence);
          timer = vertx.setPeriodic(FLUSH_MS, id -> {
            tickets.flush();
            presence.flush();
          });
          return Future.all(closedConsumer.completion(), presenceConsumer.completion());
        });
  }

  /** Stops listening, then writes what is still pending. */
  @Override
  public Future<?> stop() {
    if (tickets == null) {
      return Future.succeededFuture();
    }
    vertx.cancelTimer(timer);
    Future<Void> unregistered = Future.all(unregister(closedConsumer), unregister(presenceConsumer)).mapEmpty();
    return unregistered.eventually(() -> Future.all(tickets.drain(), presence.drain()));
  }

  private void onClosed(Message<TicketClosed> message) {
    TicketClosed ticket = message.body();
    if (ticket == null || blank(ticket.ticketId()) || blank(ticket.lineId()) || ticket.media() == null
        || ticket.outcome() == null || ticket.arrivedAt() == null || ticket.endedAt() == null) {
      LOG.warn("Ignoring an incomplete TicketClosed [ticket: {}]", ticket == null ? null : ticket.ticketId());
      return;
    }
    tickets.add(clean(ticket));
  }

  private void onPresence(Message<PresenceChanged> message) {
    PresenceChanged event = message.body();
    if (event == null || event.state() == null || event.since() == null) {
      LOG.warn("Ignoring an incomplete PresenceChanged [agent: {}]", event == null ? null : event.agentId());
      return;
    }
    trail.accept(event).ifPresent(presence::add);
  }

  /** PostgreSQL text holds no NUL; one in a customer's name must not cost the whole batch. */
  private static TicketClosed clean(TicketClosed t) {
    if (!hasNul(t.ticketId()) && !hasNul(t.lineId()) && !hasNul(t.customer()) && t.offers() >= 0) {
      return t;
    }
    return new TicketClosed(noNul(t.ticketId()), noNul(t.lineId()), t.media(), noNul(t.customer()), t.outcome(),
        t.agentId(), t.arrivedAt(), t.assignedAt(), t.endedAt(), t.fallback(), Math.max(0, t.offers()));
  }

  private static boolean hasNul(String text) {
    return text != null && text.indexOf('\0') >= 0;
  }

  private static String noNul(String text) {
    return text == null ? null : text.replace("\0", "");
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }

  private static Future<Void> unregister(MessageConsumer<?> consumer) {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }
}
