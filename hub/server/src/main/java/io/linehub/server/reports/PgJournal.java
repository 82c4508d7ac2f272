package io.linehub.server.reports;

import io.linehub.api.routing.TicketClosed;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The journal's writes to {@code hub.route_tickets} and {@code hub.presence_log}, a batch per statement. */
public final class PgJournal {

  /** A redelivered event (or a retried batch that had in fact committed) is harmless. */
  private static final String INSERT_TICKETS = """
      INSERT INTO hub.route_tickets (ticket_id, line_id, media, customer, outcome, agent_id, arrived_at,
                                     assigned_at, ended_at, fallback, offers)
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[],
                           $7::timestamptz[], $8::timestamptz[], $9::timestamptz[], $10::text[], $11::int[])
      ON CONFLICT (ticket_id, line_id) DO NOTHING""";
  /** A retried batch that had in fact committed adds nothing: each agent's starts are distinct. */
  private static final String INSERT_PRESENCE = """
      INSERT INTO hub.presence_log (agent_id, started_at, state, reason)
      SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[])
      ON CONFLICT (agent_id, started_at) DO NOTHING""";
  /** An 'offline' row at $1 for every agent whose last row is another state. */
  private static final String END_ALL_PRESENCE = """
      INSERT INTO hub.presence_log (agent_id, started_at, state)
      SELECT a.agent_id, greatest($1::timestamptz, l.started_at + interval '1 microsecond'), 'offline'
      FROM hub.presence_agents() AS a(agent_id)
      CROSS JOIN LATERAL (SELECT p.state, p.started_at FROM hub.presence_log p
                          WHERE p.agent_id = a.agent_id ORDER BY p.started_at DESC LIMIT 1) l
      WHERE l.state <> 'offline'
      RETURNING agent_id, started_at""";

  private final Pool pool;

  PgJournal(Pool pool) {
    this.pool = pool;
  }

  Future<Void> insertTickets(List<TicketClosed> batch) {
    int n = batch.size();
    String[] tickets = new String[n];
    String[] lines = new String[n];
    String[] media = new String[n];
    String[] customers = new String[n];
    String[] outcomes = new String[n];
    Long[] agents = new Long[n];
    OffsetDateTime[] arrived = new OffsetDateTime[n];
    OffsetDateTime[] assigned = new OffsetDateTime[n];
    OffsetDateTime[] ended = new OffsetDateTime[n];
    String[] fallbacks = new String[n];
    Integer[] offers = new Integer[n];
    for (int i = 0; i < n; i++) {
      TicketClosed t = batch.get(i);
      tickets[i] = t.ticketId();
      lines[i] = t.lineId();
      media[i] = wire(t.media());
      customers[i] = t.customer();
      outcomes[i] = wire(t.outcome());
      agents[i] = t.agentId();
      arrived[i] = utc(t.arrivedAt());
      assigned[i] = utc(t.assignedAt());
      ended[i] = utc(t.endedAt());
      fallbacks[i] = wire(t.fallback());
      offers[i] = t.offers();
    }
    return pool.preparedQuery(INSERT_TICKETS)
        .execute(Tuple.tuple().addValue(tickets).addValue(lines).addValue(media).addValue(customers)
            .addValue(outcomes).addValue(agents).addValue(arrived).addValue(assigned).addValue(ended)
            .addValue(fallbacks).addValue(offers))
        .mapEmpty();
  }

  /** One row per change, in one statement. */
  Future<Void> writePresence(List<PresenceTrail.Change> batch) {
    int n = batch.size();
    Long[] agents = new Long[n];
    OffsetDateTime[] started = new OffsetDateTime[n];
    String[] states = new String[n];
    String[] reasons = new String[n];
    for (int i = 0; i < n; i++) {
      PresenceTrail.Change change = batch.get(i);
      agents[i] = change.agentId();
      started[i] = utc(change.since());
      states[i] = wire(change.state());
      reasons[i] = change.reason();
    }
    return pool.preparedQuery(INSERT_PRESENCE)
        .execute(Tuple.tuple().addValue(agents).addValue(started).addValue(states).addValue(reasons))
        .mapEmpty();
  }

  /**
   * Ends every agent's state at {@code now} (or a microsecond after its start, if that is later):
   * after a restart nobody is signed in until routing says so. Answers when each agent it ended
   * went offline.
   */
  Future<Map<Long, Instant>> endAllPresence(Instant now) {
    return pool.preparedQuery(END_ALL_PRESENCE).execute(Tuple.of(utc(now))).map(rows -> {
      Map<Long, Instant> ended = new HashMap<>();
      rows.forEach(row -> ended.put(row.getLong(0), row.getOffsetDateTime(1).toInstant()));
      return ended;
    });
  }

  /**
   * Failures that the same batch would meet again, so the batch is dropped rather than retried:
   * data exceptions (class 22) and integrity violations (class 23). Anything else (connection lost,
   * timeout, the server restarting) is worth a retry.
   */
  public static boolean refused(Throwable failure) {
    return failure instanceof PgException pg && pg.getSqlState() != null
        && (pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23"));
  }

  static String wire(Enum<?> value) {
    return value == null ? null : value.name().toLowerCase(Locale.ROOT);
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }
}
