package io.linehub.openlines.email;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/** The e-mail channels' bookkeeping: mailbox positions, Message-IDs and their threads, reply data. */
public final class MailStore {

  /** Where a mailbox was read up to. */
  public record Position(long uidValidity, long lastUid) {
  }

  /** What a reply in a thread needs. */
  public record Thread(String customerAddress, String subject, String lastMessageId, String references) {
  }

  private final Pool pool;

  public MailStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Position> position(String channelId) {
    return pool.preparedQuery("SELECT uid_validity, last_uid FROM openlines.mail_state WHERE channel_id = $1")
        .execute(Tuple.of(channelId))
        .map(rows -> rows.size() == 0 ? null : new Position(rows.iterator().next().getLong(0),
            rows.iterator().next().getLong(1)));
  }

  public Future<Void> advance(String channelId, long uidValidity, long lastUid) {
    return pool.preparedQuery("""
            INSERT INTO openlines.mail_state (channel_id, uid_validity, last_uid) VALUES ($1, $2, $3)
            ON CONFLICT (channel_id) DO UPDATE SET uid_validity = excluded.uid_validity, last_uid = excluded.last_uid,
              updated_at = now()""").execute(Tuple.of(channelId, uidValidity, lastUid)).mapEmpty();
  }

  /**
   * The thread of a message that references {@code referenced} (In-Reply-To, References), or its own
   * new thread; and records its id in it.
   */
  public Future<String> thread(String channelId, String messageId, List<String> referenced) {
    return pool.preparedQuery("""
            SELECT thread_key FROM openlines.mail_ids WHERE channel_id = $1 AND message_id = ANY($2)
            ORDER BY created_at LIMIT 1""").execute(Tuple.of(channelId, (Object) referenced.toArray(String[]::new)))
        .compose(rows -> {
          String key = rows.size() == 0 ? messageId : rows.iterator().next().getString(0);
          return remember(channelId, messageId, key).map(key);
        });
  }

  public Future<Void> remember(String channelId, String messageId, String threadKey) {
    return pool.preparedQuery("""
            INSERT INTO openlines.mail_ids (channel_id, message_id, thread_key) VALUES ($1, $2, $3)
            ON CONFLICT DO NOTHING""").execute(Tuple.of(channelId, messageId, threadKey)).mapEmpty();
  }

  /** The customer's latest message in the thread: what the next reply answers. */
  public Future<Void> customerWrote(String channelId, String threadKey, String address, String subject,
      String messageId, List<String> referenced) {
    String references = String.join(" ", referenced);
    return pool.preparedQuery("""
            INSERT INTO openlines.mail_threads (channel_id, thread_key, customer_address, subject, last_message_id,
              references_ids)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (channel_id, thread_key) DO UPDATE SET customer_address = excluded.customer_address,
              last_message_id = excluded.last_message_id, references_ids = excluded.references_ids, updated_at = now()
            """).execute(Tuple.of(channelId, threadKey, address, subject, messageId, references)).mapEmpty();
  }

  public Future<Thread> thread(String channelId, String threadKey) {
    return pool.preparedQuery("""
            SELECT customer_address, subject, last_message_id, references_ids FROM openlines.mail_threads
            WHERE channel_id = $1 AND thread_key = $2""").execute(Tuple.of(channelId, threadKey))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Row row = rows.iterator().next();
          return new Thread(row.getString(0), row.getString(1), row.getString(2), row.getString(3));
        });
  }
}
