package io.linehub.server.calls;

import io.linehub.api.sip.CallEnded;
import io.linehub.api.sip.CallEvent;
import io.linehub.api.sip.CallLeg;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code hub.calls} and {@code hub.call_legs}: writes in batches (one statement per kind per batch,
 * arrays unnested) and reads the history with its filters. Every write is idempotent on the call
 * id and on (call id, leg id), so a batch retried after a failure, or an event published twice,
 * changes nothing.
 */
final class PgCalls {

  /** A row to write: a call that started, or one that ended. */
  sealed interface Write permits Started, Ended {
  }

  record Started(CallEvent event) implements Write {
  }

  record Ended(CallEnded call) implements Write {
  }

  private static final String INSERT_STARTED = """
      INSERT INTO hub.calls (id, direction, line_id, from_party, to_party, state, started_at)
      SELECT id, direction, line_id, from_party, to_party, 'live', started_at
      FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
        AS t(id, direction, line_id, from_party, to_party, started_at)
      ON CONFLICT (id) DO NOTHING""";
  private static final String UPSERT_ENDED = """
      INSERT INTO hub.calls (id, direction, line_id, from_party, to_party, agent_id, agent_ids, state, disposition,
                             sip_code, started_at, answered_at, ended_at, wait_seconds, talk_seconds)
      SELECT t.id, t.direction, t.line_id, t.from_party, t.to_party, t.agent_id,
             t.agents::bigint[],
             'ended', t.disposition, t.sip_code, t.started_at, t.answered_at, t.ended_at, t.wait_seconds,
             t.talk_seconds
      FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::text[],
                  $9::int[], $10::timestamptz[], $11::timestamptz[], $12::timestamptz[], $13::int[], $14::int[])
        AS t(id, direction, line_id, from_party, to_party, agent_id, agents, disposition, sip_code, started_at,
             answered_at, ended_at, wait_seconds, talk_seconds)
      ON CONFLICT (id) DO UPDATE SET direction = excluded.direction, line_id = excluded.line_id,
        from_party = excluded.from_party, to_party = excluded.to_party, agent_id = excluded.agent_id,
        agent_ids = excluded.agent_ids, state = 'ended', disposition = excluded.disposition,
        sip_code = excluded.sip_code, started_at = excluded.started_at, answered_at = excluded.answered_at,
        ended_at = excluded.ended_at, wait_seconds = excluded.wait_seconds, talk_seconds = excluded.talk_seconds""";
  private static final String INSERT_LEGS = """
      INSERT INTO hub.call_legs (call_id, leg_id, agent_id, target, started_at, answered_at, ended_at, sip_code)
      SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::timestamptz[], $6::timestamptz[],
                           $7::timestamptz[], $8::int[])
      ON CONFLICT (call_id, leg_id) DO NOTHING""";
  private static final String COLUMNS = """
      id, direction, line_id, from_party, to_party, agent_id, agent_ids, state, disposition, sip_code, started_at,
      answered_at, ended_at, wait_seconds, talk_seconds""";

  private final Pool pool;

  PgCalls(Pool pool) {
    this.pool = pool;
  }

  /** Closes the calls a previous run of this node left live: they ended with it. */
  Future<Integer> closeLeftovers() {
    return pool.query("""
        UPDATE hub.calls SET state = 'ended', disposition = 'failed', sip_code = coalesce(sip_code, 0),
          ended_at = now(), wait_seconds = coalesce(wait_seconds, extract(epoch FROM now() - started_at)::int)
        WHERE state = 'live'""").execute().map(rows -> rows.rowCount());
  }

  /** One batch in one transaction: the starts first, then the ends and their legs. */
  Future<Void> write(List<Write> batch) {
    // One row per call: an upsert may not touch the same row twice (a record published twice).
    var ends = new java.util.LinkedHashMap<String, CallEnded>();
    for (Write w : batch) {
      if (w instanceof Ended e) {
        ends.put(e.call().callId(), e.call());
      }
    }
    // A call that started and ended within one batch (short calls, or a busy node) is written once,
    // as ended: its 'live' row would be replaced in the same transaction, at the cost of a second
    // version of the row and of every index entry.
    List<CallEvent> started = new ArrayList<>();
    for (Write w : batch) {
      if (w instanceof Started s && !ends.containsKey(s.event().callId())) {
        started.add(s.event());
      }
    }
    List<CallEnded> ended = List.copyOf(ends.values());
    return pool.withTransaction(conn -> {
      Future<?> first = started.isEmpty() ? Future.succeededFuture()
          : conn.preparedQuery(INSERT_STARTED).execute(startedTuple(started));
      return first.compose(ignored -> ended.isEmpty() ? Future.succeededFuture()
          : conn.preparedQuery(UPSERT_ENDED).execute(endedTuple(ended))
              .compose(rows -> conn.preparedQuery(INSERT_LEGS).execute(legsTuple(ended))));
    }).mapEmpty();
  }

  private static Tuple startedTuple(List<CallEvent> rows) {
    int n = rows.size();
    String[] ids = new String[n];
    String[] directions = new String[n];
    String[] lines = new String[n];
    String[] from = new String[n];
    String[] to = new String[n];
    OffsetDateTime[] at = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      CallEvent e = rows.get(i);
      ids[i] = e.callId();
      directions[i] = wire(e.direction());
      lines[i] = e.lineId();
      from[i] = e.from();
      to[i] = e.to();
      at[i] = utc(e.at());
    }
    return Tuple.tuple().addValue(ids).addValue(directions).addValue(lines).addValue(from).addValue(to).addValue(at);
  }

  private static Tuple endedTuple(List<CallEnded> rows) {
    int n = rows.size();
    String[] ids = new String[n];
    String[] directions = new String[n];
    String[] lines = new String[n];
    String[] from = new String[n];
    String[] to = new String[n];
    Long[] agents = new Long[n];
    String[] agentIds = new String[n];
    String[] dispositions = new String[n];
    Integer[] codes = new Integer[n];
    OffsetDateTime[] started = new OffsetDateTime[n];
    OffsetDateTime[] answered = new OffsetDateTime[n];
    OffsetDateTime[] ended = new OffsetDateTime[n];
    Integer[] waits = new Integer[n];
    Integer[] talks = new Integer[n];
    for (int i = 0; i < n; i++) {
      CallEnded c = rows.get(i);
      ids[i] = c.callId();
      directions[i] = wire(c.direction());
      lines[i] = c.lineId();
      from[i] = c.from();
      to[i] = c.to();
      agents[i] = c.agentId();
      // A ragged bigint[][] cannot be unnested: each row's agents travel as an array literal.
      agentIds[i] = "{" + String.join(",", c.agentIds().stream().map(String::valueOf).toList()) + "}";
      dispositions[i] = wire(c.disposition());
      codes[i] = c.sipCode();
      started[i] = utc(c.startedAt());
      answered[i] = utc(c.answeredAt());
      ended[i] = utc(c.endedAt());
      waits[i] = (int) c.waitSeconds();
      talks[i] = (int) c.talkSeconds();
    }
    return Tuple.tuple().addValue(ids).addValue(directions).addValue(lines).addValue(from).addValue(to)
        .addValue(agents).addValue(agentIds).addValue(dispositions).addValue(codes).addValue(started)
        .addValue(answered).addValue(ended).addValue(waits).addValue(talks);
  }

  private static Tuple legsTuple(List<CallEnded> calls) {
    List<String> callIds = new ArrayList<>();
    List<CallLeg> legs = new ArrayList<>();
    for (CallEnded c : calls) {
      for (CallLeg leg : c.legs()) {
        callIds.add(c.callId());
        legs.add(leg);
      }
    }
    int n = legs.size();
    String[] legIds = new String[n];
    Long[] agents = new Long[n];
    String[] targets = new String[n];
    OffsetDateTime[] started = new OffsetDateTime[n];
    OffsetDateTime[] answered = new OffsetDateTime[n];
    OffsetDateTime[] ended = new OffsetDateTime[n];
    Integer[] codes = new Integer[n];
    for (int i = 0; i < n; i++) {
      CallLeg leg = legs.get(i);
      legIds[i] = leg.legId();
      agents[i] = leg.agentId();
      targets[i] = leg.target();
      started[i] = utc(leg.startedAt());
      answered[i] = utc(leg.answeredAt());
      ended[i] = utc(leg.endedAt());
      codes[i] = leg.sipCode();
    }
    return Tuple.tuple().addValue(callIds.toArray(String[]::new)).addValue(legIds).addValue(agents)
        .addValue(targets).addValue(started).addValue(answered).addValue(ended).addValue(codes);
  }

  /** The history, newest first, with the total matching; {@code visibleTo} limits it to one agent's calls. */
  Future<JsonObject> history(CallFilter filter, Long visibleTo, int limit, int offset) {
    List<String> where = new ArrayList<>();
    Tuple args = Tuple.tuple();
    if (filter.line() != null) {
      args.addValue(filter.line());
      where.add("line_id = $" + args.size());
    }
    if (filter.agent() != null) {
      args.addValue(new Long[] {filter.agent()});
      where.add("agent_ids @> $" + args.size());
    }
    if (visibleTo != null) {
      args.addValue(new Long[] {visibleTo});
      where.add("agent_ids @> $" + args.size());
    }
    if (filter.disposition() != null) {
      args.addValue(filter.disposition());
      where.add("disposition = $" + args.size());
    }
    if (filter.direction() != null) {
      args.addValue(filter.direction());
      where.add("direction = $" + args.size());
    }
    if (filter.state() != null) {
      args.addValue(filter.state());
      where.add("state = $" + args.size());
    }
    if (filter.from() != null) {
      args.addValue(utc(filter.from()));
      where.add("started_at >= $" + args.size());
    }
    if (filter.to() != null) {
      args.addValue(utc(filter.to()));
      where.add("started_at < $" + args.size());
    }
    args.addValue(limit).addValue(offset);
    String sql = "SELECT " + COLUMNS + ", count(*) OVER () AS total FROM hub.calls"
        + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
        + " ORDER BY started_at DESC, id LIMIT $" + (args.size() - 1) + " OFFSET $" + args.size();
    return pool.preparedQuery(sql).execute(args).map(rows -> {
      JsonArray items = new JsonArray();
      long total = 0;
      for (Row row : rows) {
        items.add(json(row));
        total = row.getLong("total");
      }
      return new JsonObject().put("items", items).put("total", total);
    });
  }

  /** One stored call with its legs. */
  Future<Optional<JsonObject>> byId(String id) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM hub.calls WHERE id = $1").execute(Tuple.of(id))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(Optional.empty());
          }
          JsonObject call = json(rows.iterator().next());
          return pool.preparedQuery("""
              SELECT leg_id, agent_id, target, started_at, answered_at, ended_at, sip_code FROM hub.call_legs
              WHERE call_id = $1 ORDER BY started_at, leg_id""").execute(Tuple.of(id)).map(legs -> {
                JsonArray out = new JsonArray();
                for (Row leg : legs) {
                  out.add(new JsonObject().put("legId", leg.getString("leg_id")).put("agentId", leg.getLong("agent_id"))
                      .put("target", leg.getString("target")).put("startedAt", text(leg, "started_at"))
                      .put("answeredAt", text(leg, "answered_at")).put("endedAt", text(leg, "ended_at"))
                      .put("sipCode", leg.getInteger("sip_code")));
                }
                return Optional.of(call.put("legs", out));
              });
        });
  }

  private static JsonObject json(Row row) {
    JsonArray agents = new JsonArray();
    Long[] ids = row.getArrayOfLongs("agent_ids");
    for (Long id : ids == null ? new Long[0] : ids) {
      agents.add(id);
    }
    return new JsonObject().put("id", row.getString("id")).put("direction", row.getString("direction"))
        .put("lineId", row.getString("line_id")).put("from", row.getString("from_party"))
        .put("to", row.getString("to_party")).put("agentId", row.getLong("agent_id")).put("agentIds", agents)
        .put("state", row.getString("state")).put("disposition", row.getString("disposition"))
        .put("sipCode", row.getInteger("sip_code")).put("startedAt", text(row, "started_at"))
        .put("answeredAt", text(row, "answered_at")).put("endedAt", text(row, "ended_at"))
        .put("waitSeconds", row.getInteger("wait_seconds")).put("talkSeconds", row.getInteger("talk_seconds"));
  }

  private static String text(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant().toString();
  }

  static String wire(Enum<?> value) {
    return value == null ? null : value.name().toLowerCase(Locale.ROOT);
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }
}
