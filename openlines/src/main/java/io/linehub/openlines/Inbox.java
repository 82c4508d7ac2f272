package io.linehub.openlines;

import io.linehub.api.batch.GroupCommit;
import io.linehub.openlines.connector.InboundEvent;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code openlines.inbox}: what channels sent, committed before the provider gets its 200. Unique on
 * (channel, external id): a provider's retry stores nothing new. Rows are taken for processing with
 * a lease, so a node that dies mid-way leaves them to be taken again.
 *
 * <p>A node that processes hands the rows it stores straight to its engine ({@link #onStored}):
 * they are stored already leased for {@link #FRESH_LEASE_SECONDS}, so no other taker gets them and
 * the engine needs no query to find them. If the node dies first they are taken by whoever polls
 * once that lease has run out.
 */
final class Inbox {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Inbox.class);

  /** A row to process. */
  record Row0(long id, String channelId, InboundEvent event, int attempts) {
  }

  /** A webhook's events and the body they came in. */
  private record Hook(String channelId, List<InboundEvent> events, Buffer payload) {
  }

  /** Webhooks stored in one statement at most. */
  static final int MAX_BATCH = 128;
  /** A body larger than this is stored in a statement of its own (a batch's statement stays small). */
  static final int ALONE_BYTES = 64 * 1024;

  /** The lease of rows handed straight to this node's engine. */
  static final int FRESH_LEASE_SECONDS = 10;

  private final Pool pool;
  /** Told of each statement's new rows, in the order they were committed; null: nobody processes here. */
  private volatile java.util.function.Consumer<List<Row0>> onStored;
  /**
   * Group commit: the webhooks that arrive while one statement is in flight go in the next, so one
   * commit (one WAL flush, one round trip) serves many webhooks under load and an idle inbox adds no
   * wait. One statement at a time: two could insert the same provider's retries in opposite orders
   * and wait on each other.
   */
  private final GroupCommit<Hook, Integer> batcher;

  Inbox(Pool pool) {
    this.pool = pool;
    this.batcher = new GroupCommit<>(this::insert, 1, MAX_BATCH, true);
  }

  /**
   * Rows stored from now on are leased at once and given to {@code listener} (called on the
   * statement's thread, one statement after the other, so in id order but for bodies stored alone).
   */
  void onStored(java.util.function.Consumer<List<Row0>> listener) {
    this.onStored = listener;
  }

  /**
   * Stores the events of one webhook, durably, before the provider is answered; returns how many
   * were new (a provider's retry: 0).
   */
  Future<Integer> store(String channelId, List<InboundEvent> events, Buffer payload) {
    if (events.isEmpty()) {
      return Future.succeededFuture(0);
    }
    Hook hook = new Hook(channelId, events, payload);
    return payload.length() > ALONE_BYTES ? insert(List.of(hook)).map(counts -> counts.get(0)) : batcher.submit(hook);
  }

  /** One statement (atomic on its own) for the events of several webhooks, in the order they came. */
  private Future<List<Integer>> insert(List<Hook> hooks) {
    int n = hooks.stream().mapToInt(h -> h.events().size()).sum();
    String[] channelIds = new String[n];
    String[] ids = new String[n];
    String[] kinds = new String[n];
    String[] json = new String[n];
    Buffer[] payloads = new Buffer[n];
    int i = 0;
    for (Hook hook : hooks) {
      for (InboundEvent event : hook.events()) {
        channelIds[i] = hook.channelId();
        ids[i] = event.externalId();
        kinds[i] = event instanceof InboundEvent.Message ? "message" : "status";
        json[i] = EventJson.of(event).encode();
        payloads[i] = hook.payload();
        i++;
      }
    }
    java.util.function.Consumer<List<Row0>> listener = onStored;
    return pool.preparedQuery("""
            INSERT INTO openlines.inbox (channel_id, external_id, kind, event, payload, leased_until, attempts)
            SELECT u.c, u.e, u.k, u.v::jsonb, u.p,
                   CASE WHEN $6 THEN now() + $7::int * interval '1 second' END, CASE WHEN $6 THEN 1 ELSE 0 END
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bytea[]) WITH ORDINALITY AS u(c, e, k, v, p, o)
            ORDER BY u.o
            ON CONFLICT (channel_id, external_id) DO NOTHING
            RETURNING id, channel_id, external_id""")
        .execute(Tuple.of(channelIds, ids, kinds, json, payloads, listener != null, FRESH_LEASE_SECONDS))
        .map(rows -> {
          // Each new row is counted for the first webhook in the batch that brought it.
          Map<String, Long> inserted = new HashMap<>();
          for (Row row : rows) {
            inserted.put(row.getString(1) + "\n" + row.getString(2), row.getLong(0));
          }
          List<Integer> counts = new ArrayList<>(hooks.size());
          List<Row0> fresh = new ArrayList<>(inserted.size());
          for (Hook hook : hooks) {
            int count = 0;
            for (InboundEvent event : hook.events()) {
              Long id = inserted.remove(hook.channelId() + "\n" + event.externalId());
              if (id != null) {
                count++;
                fresh.add(new Row0(id, hook.channelId(), event, 1));
              }
            }
            counts.add(count);
          }
          if (listener != null && !fresh.isEmpty()) {
            fresh.sort(java.util.Comparator.comparingLong(Row0::id));
            try {
              listener.accept(fresh);
            } catch (RuntimeException e) {
              // Stored all the same: taken once their lease has run out.
              LOG.warn("Stored inbox rows not handed over: {}", e.toString());
            }
          }
          return counts;
        });
  }

  /** Whether the channel's event with this external id is stored already (a resend). */
  Future<Boolean> has(String channelId, String externalId) {
    return pool.preparedQuery("SELECT 1 FROM openlines.inbox WHERE channel_id = $1 AND external_id = $2")
        .execute(Tuple.of(channelId, externalId)).map(rows -> rows.size() > 0);
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
