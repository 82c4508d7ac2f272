package io.linehub.openlines;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code openlines.outbox}: operators' replies waiting to reach the customer, sent in order per
 * session, retried with back-off, and their delivery status as providers report it.
 */
final class Outbox {

  /** A reply to send now, with where it goes. */
  record Due(long id, long sessionId, long dialogId, long seq, String text, int attempts, String channelId,
      String customerKey, long chatMessageId) {
  }

  /** A row whose status changed: what the operator is told. */
  record Changed(long dialogId, long seq, String status, String reason) {
  }

  /** Attempts before a reply counts as failed. */
  static final int MAX_ATTEMPTS = 12;

  private final Pool pool;

  Outbox(Pool pool) {
    this.pool = pool;
  }

  /**
   * Takes up to {@code limit} replies that are due, for a minute (the lease), skipping any whose
   * session has an earlier reply still pending: a customer gets the replies in the order written.
   */
  Future<List<Due>> take(int limit) {
    return pool.preparedQuery("""
            UPDATE openlines.outbox o SET next_attempt_at = now() + interval '1 minute', attempts = o.attempts + 1,
              updated_at = now()
            FROM openlines.sessions s
            WHERE s.id = o.session_id AND o.id IN (
              SELECT d.id FROM openlines.outbox d
              WHERE d.status = 'pending' AND d.next_attempt_at <= now()
                AND NOT EXISTS (SELECT 1 FROM openlines.outbox e
                                WHERE e.session_id = d.session_id AND e.status = 'pending' AND e.seq < d.seq)
              ORDER BY d.id LIMIT $1 FOR UPDATE SKIP LOCKED)
            RETURNING o.id, o.session_id, o.dialog_id, o.seq, o.text, o.attempts, s.channel_id, s.customer_key,
              o.chat_message_id""")
        .execute(Tuple.of(limit))
        .map(rows -> {
          List<Due> out = new ArrayList<>();
          for (Row row : rows) {
            out.add(new Due(row.getLong("id"), row.getLong("session_id"), row.getLong("dialog_id"), row.getLong("seq"),
                row.getString("text"), row.getInteger("attempts"), row.getString("channel_id"),
                row.getString("customer_key"), row.getLong("chat_message_id")));
          }
          out.sort(java.util.Comparator.comparingLong(Due::id));
          return out;
        });
  }

  /** Accepted by the provider; a status reported in the meantime (a site visitor's socket is quick) stays. */
  Future<Changed> sent(Due due, String providerMessageId) {
    return change(due.id(), "status = CASE WHEN status = 'pending' THEN 'sent' ELSE status END,"
        + " provider_message_id = $2, last_error = NULL", providerMessageId);
  }

  /**
   * A site visitor's socket showed the reply carrying this chat message. Null when there is no
   * such row yet (the socket heard of the message before the outbox did) or it was news already.
   */
  Future<Changed> shownToVisitor(long chatMessageId) {
    return pool.preparedQuery("""
            UPDATE openlines.outbox SET status = 'delivered', updated_at = now()
            WHERE chat_message_id = $1 AND status IN ('pending', 'sent')
            RETURNING dialog_id, seq, status, last_error""").execute(Tuple.of(chatMessageId))
        .map(rows -> rows.size() == 0 ? null : changed(rows));
  }

  /** Whether the outbox has a row for this chat message. */
  Future<Boolean> has(long chatMessageId) {
    return pool.preparedQuery("SELECT 1 FROM openlines.outbox WHERE chat_message_id = $1")
        .execute(Tuple.of(chatMessageId)).map(rows -> rows.size() == 1);
  }

  Future<Changed> failed(Due due, String reason) {
    return change(due.id(), "status = 'failed', last_error = $2", reason);
  }

  /** Held back by our own rate limit for the channel: again after {@code after}, the attempt not counted. */
  Future<Void> deferred(Due due, Duration after) {
    return pool.preparedQuery("""
            UPDATE openlines.outbox SET next_attempt_at = now() + $2::bigint * interval '1 millisecond',
              attempts = greatest(0, attempts - 1)
            WHERE id = $1""").execute(Tuple.of(due.id(), after.toMillis())).mapEmpty();
  }

  /** Not now: again after {@code after}; after {@link #MAX_ATTEMPTS} attempts, failed. */
  Future<Changed> retry(Due due, Duration after, String reason) {
    if (due.attempts() >= MAX_ATTEMPTS) {
      return failed(due, "gave up after " + due.attempts() + " attempts: " + reason);
    }
    return pool.preparedQuery("""
            UPDATE openlines.outbox SET next_attempt_at = now() + $2::bigint * interval '1 millisecond',
              last_error = $3, updated_at = now()
            WHERE id = $1 RETURNING dialog_id, seq, status, last_error""")
        .execute(Tuple.of(due.id(), after.toMillis(), reason)).map(Outbox::changed);
  }

  /**
   * A provider's status report on a sent reply; statuses only move forward (a late "delivered"
   * does not undo "read"). Null when no reply has that provider id or the status is not news.
   */
  Future<Changed> reported(String channelId, String providerMessageId, String status, String reason) {
    return pool.preparedQuery("""
            UPDATE openlines.outbox o SET status = $3, last_error = $4, updated_at = now()
            FROM openlines.sessions s
            WHERE s.id = o.session_id AND s.channel_id = $1 AND o.provider_message_id = $2
              AND (CASE o.status WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 ELSE 9 END)
                < (CASE $3 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 WHEN 'failed' THEN 4 ELSE 0 END)
            RETURNING o.dialog_id, o.seq, o.status, o.last_error""")
        .execute(Tuple.of(channelId, providerMessageId, status, reason))
        .map(rows -> rows.size() == 0 ? null : changed(rows));
  }

  /**
   * The site visitor read the conversation up to {@code seq}: every reply of the dialog up to it
   * that was sent or delivered is read now. Returns what changed.
   */
  Future<List<Changed>> readUpTo(long dialogId, long seq) {
    return pool.preparedQuery("""
            UPDATE openlines.outbox SET status = 'read', updated_at = now()
            WHERE dialog_id = $1 AND seq <= $2 AND status IN ('pending', 'sent', 'delivered')
            RETURNING dialog_id, seq, status, last_error""").execute(Tuple.of(dialogId, seq))
        .map(rows -> {
          List<Changed> out = new ArrayList<>();
          rows.forEach(row -> out.add(new Changed(row.getLong("dialog_id"), row.getLong("seq"), row.getString("status"),
              row.getString("last_error"))));
          return out;
        });
  }

  private Future<Changed> change(long id, String set, String value) {
    return pool.preparedQuery("UPDATE openlines.outbox SET " + set + ", updated_at = now() WHERE id = $1"
            + " RETURNING dialog_id, seq, status, last_error")
        .execute(Tuple.of(id, value)).map(Outbox::changed);
  }

  private static Changed changed(io.vertx.sqlclient.RowSet<Row> rows) {
    Row row = rows.iterator().next();
    return new Changed(row.getLong("dialog_id"), row.getLong("seq"), row.getString("status"),
        row.getString("last_error"));
  }
}
