package io.linehub.server.reports;

import io.linehub.api.routing.TicketClosed;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/** The journal's writes to {@code hub.route_tickets} and {@code hub.presence_log}, a batch per statement. */
public final class PgJournal {

  /** A redelivered event (or a retried batch that had in fact committed) is harmless. */
  private static final String INSERT_TICKETS = """
      INSERT INTO hub.route_tickets (ticket_id, line_id, media, customer, outcome, agent_id, arrived_at,
                                     assigned_at, ended_at, fallback, offers)
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[],
                           $7::timestamptz[], $8::timestamptz[], $9::timestamptz[], $10::text[], $11::int[])
      ON CONFLICT (ticket_id, line_id) DO NOTHING""";
  private static final String CLOSE_PRESENCE = """
      UPDATE hub.presence_log p SET ended_at = greatest(p.started_at, u.since)
      FROM unnest($1::bigint[], $2::timestamptz[]) AS u(agent_id, since)
      WHERE p.agent_id = u.agent_id AND p.ended_at IS NULL""";
  private static final String INSERT_PRESENCE = """
      INSERT INTO hub.presence_log (agent_id, state, reason, started_at, ended_at)
      SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[])""";
  private static final String CLOSE_ALL_PRESENCE =
      "UPDATE hub.presence_log SET ended_at = greatest(started_at, now()) WHERE ended_at IS NULL";

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

  /** Ends each agent's open row where the batch's first change of theirs begins, then adds the rows. */
  Future<Void> writePresence(List<PresenceTrail.Change> batch) {
    PresenceTrail.Plan plan = PresenceTrail.plan(batch);
    Long[] closeAgents = plan.closeAt().keySet().toArray(Long[]::new);
    OffsetDateTime[] closeAt = plan.closeAt().values().stream().map(PgJournal::utc).toArray(OffsetDateTime[]::new);
    int n = plan.rows().size();
    Long[] agents = new Long[n];
    String[] states = new String[n];
    String[] reasons = new String[n];
    OffsetDateTime[] started = new OffsetDateTime[n];
    OffsetDateTime[] ended = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      PresenceTrail.Row row = plan.rows().get(i);
      agents[i] = row.agentId();
      states[i] = wire(row.state());
      reasons[i] = row.reason();
      started[i] = utc(row.startedAt());
      ended[i] = utc(row.endedAt());
    }
    return pool.withTransaction(tx -> tx.preparedQuery(CLOSE_PRESENCE)
        .execute(Tuple.tuple().addValue(closeAgents).addValue(closeAt))
        .compose(closed -> n == 0 ? Future.succeededFuture() : tx.preparedQuery(INSERT_PRESENCE)
            .execute(Tuple.tuple().addValue(agents).addValue(states).addValue(reasons).addValue(started)
                .addValue(ended)))
        .mapEmpty());
  }

  /** Ends every open row now: after a restart nobody is signed in until routing says so. */
  Future<Integer> closeAllPresence() {
    return pool.query(CLOSE_ALL_PRESENCE).execute().map(rows -> rows.rowCount());
  }

  /**
   * Failures that the same batch would meet again: data exceptions (class 22) and integrity
   * violations (class 23). Anything else (connection lost, timeout, the server restarting) is
   * worth a retry.
   */
  /** Failures the database repeats whatever happens (bad data, constraint): a batch to drop, not retry. */
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
