package io.linehub.openlines;

import io.linehub.openlines.connector.InboundEvent;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code openlines.inbox}: what channels sent, committed before the provider gets its 200. Unique on
 * (channel, external id): a provider's retry stores nothing new. Rows are taken for processing with
 * a lease, so a node that dies mid-way leaves them to be taken again.
 */
final class Inbox {

  /** A row to process. */
  record Row0(long id, String channelId, InboundEvent event, int attempts) {
  }

  private final Pool pool;

  Inbox(Pool pool) {
    this.pool = pool;
  }

  /** Stores the events of one webhook in one transaction; returns how many were new. */
  Future<Integer> store(String channelId, List<InboundEvent> events, Buffer payload) {
    if (events.isEmpty()) {
      return Future.succeededFuture(0);
    }
    int n = events.size();
    String[] ids = new String[n];
    String[] kinds = new String[n];
    String[] json = new String[n];
    for (int i = 0; i < n; i++) {
      InboundEvent event = events.get(i);
      ids[i] = event.externalId();
      kinds[i] = event instanceof InboundEvent.Message ? "message" : "status";
      json[i] = EventJson.of(event).encode();
    }
    // One statement (atomic on its own): one round trip and one commit for the whole webhook.
    return pool.preparedQuery("""
            INSERT INTO openlines.inbox (channel_id, external_id, kind, event, payload)
            SELECT $1, u.e, u.k, u.v::jsonb, $5 FROM unnest($2::text[], $3::text[], $4::text[]) AS u(e, k, v)
            ON CONFLICT (channel_id, external_id) DO NOTHING""")
        .execute(Tuple.tuple().addValue(channelId).addValue(ids).addValue(kinds).addValue(json).addValue(payload))
        .map(result -> result.rowCount());
  }

  /** Takes up to {@code limit} unprocessed rows, oldest first, for 30 seconds (the lease). */
  Future<List<Row0>> take(int limit) {
    return pool.preparedQuery("""
            UPDATE openlines.inbox i SET leased_until = now() + interval '30 seconds', attempts = i.attempts + 1
            WHERE i.id IN (SELECT id FROM openlines.inbox WHERE processed_at IS NULL
                             AND (leased_until IS NULL OR leased_until < now())
                           ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
            RETURNING i.id, i.channel_id, i.event, i.attempts""").execute(Tuple.of(limit))
        .map(rows -> {
          List<Row0> out = new ArrayList<>();
          for (Row row : rows) {
            out.add(new Row0(row.getLong("id"), row.getString("channel_id"),
                EventJson.from((JsonObject) row.getValue("event")), row.getInteger("attempts")));
          }
          out.sort(java.util.Comparator.comparingLong(Row0::id));
          return out;
        });
  }

  /** Marks rows processed, in one statement. */
  Future<Void> done(List<Long> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery("UPDATE openlines.inbox SET processed_at = now(), last_error = NULL WHERE id = ANY($1)")
        .execute(Tuple.of(ids.toArray(Long[]::new))).mapEmpty();
  }

  /** Processing failed: the row is taken again after a back-off that grows with its attempts. */
  Future<Void> failed(long id, int attempts, String error) {
    long backoffSeconds = Math.min(600, 1L << Math.min(attempts, 10));
    return pool.preparedQuery("""
            UPDATE openlines.inbox SET last_error = $2, leased_until = now() + $3::bigint * interval '1 second'
            WHERE id = $1""").execute(Tuple.of(id, error, backoffSeconds)).mapEmpty();
  }
}
