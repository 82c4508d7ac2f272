package io.linehub.openlines;

import io.linehub.api.error.LinehubException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code openlines.sessions} and the outbox rows that belong to them. */
final class SessionStore {

  /** A session found or opened for a customer's message. */
  record Continued(Session session, boolean created) {
  }

  private final Pool pool;

  SessionStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * The customer's open session on the channel, or a new one ({@code new}). The unique index on
   * open sessions makes two racing messages land in one session.
   */
  Future<Continued> continueOrOpen(String channelId, String lineId, String customerKey, String customerName,
      List<io.linehub.api.crm.Identity> identities, long inboxId, Instant at) {
    return pool.preparedQuery("""
            INSERT INTO openlines.sessions (channel_id, line_id, customer_key, customer_name, status, identities,
              messages_in, last_customer_at, last_inbox_id)
            VALUES ($1, $2, $3, $4, 'new', $5, 1, $7, $6)
            ON CONFLICT (channel_id, customer_key) WHERE status NOT IN ('closed', 'spam')
            DO UPDATE SET customer_name = coalesce(excluded.customer_name, sessions.customer_name),
              identities = CASE WHEN excluded.identities @> sessions.identities THEN excluded.identities
                                ELSE sessions.identities || excluded.identities END,
              messages_in = sessions.messages_in + CASE WHEN $6 > sessions.last_inbox_id THEN 1 ELSE 0 END,
              last_customer_at = greatest(sessions.last_customer_at, excluded.last_customer_at),
              last_inbox_id = greatest(sessions.last_inbox_id, $6),
              -- the customer wrote after the operator's answer: waiting for the operator again
              status = CASE WHEN sessions.status = 'answered' THEN 'waiting' ELSE sessions.status END
            RETURNING *, (xmax = 0) AS created""").execute(Tuple.of(channelId, lineId, customerKey, customerName,
            Session.identitiesJson(identities), inboxId, at.atOffset(java.time.ZoneOffset.UTC)))
        .map(rows -> {
          Row row = rows.iterator().next();
          return new Continued(Session.of(row), row.getBoolean("created"));
        });
  }

  /** A customer message to count on its session ({@link #continueOrOpenMany}). */
  record Arrival(String channelId, String lineId, String customerKey, String customerName,
      List<io.linehub.api.crm.Identity> identities, long inboxId, Instant at) {
  }

  /**
   * {@link #continueOrOpen} for several customers in one statement (one commit): a batch's first
   * message of each customer. The customers must be different. Returns each by channel and
   * customer key ({@code channelId + "\n" + customerKey}).
   */
  Future<java.util.Map<String, Continued>> continueOrOpenMany(List<Arrival> arrivals) {
    if (arrivals.isEmpty()) {
      return Future.succeededFuture(java.util.Map.of());
    }
    int n = arrivals.size();
    String[] channels = new String[n];
    String[] lines = new String[n];
    String[] keys = new String[n];
    String[] names = new String[n];
    String[] identities = new String[n];
    java.time.OffsetDateTime[] ats = new java.time.OffsetDateTime[n];
    Long[] inboxIds = new Long[n];
    for (int i = 0; i < n; i++) {
      Arrival a = arrivals.get(i);
      channels[i] = a.channelId();
      lines[i] = a.lineId();
      keys[i] = a.customerKey();
      names[i] = a.customerName();
      identities[i] = Session.identitiesJson(a.identities()).encode();
      ats[i] = a.at().atOffset(java.time.ZoneOffset.UTC);
      inboxIds[i] = a.inboxId();
    }
    return pool.preparedQuery("""
            INSERT INTO openlines.sessions (channel_id, line_id, customer_key, customer_name, status, identities,
              messages_in, last_customer_at, last_inbox_id)
            SELECT u.c, u.l, u.k, u.n, 'new', u.i::jsonb, 1, u.a, u.x
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::bigint[])
              AS u(c, l, k, n, i, a, x)
            ON CONFLICT (channel_id, customer_key) WHERE status NOT IN ('closed', 'spam')
            DO UPDATE SET customer_name = coalesce(excluded.customer_name, sessions.customer_name),
              identities = CASE WHEN excluded.identities @> sessions.identities THEN excluded.identities
                                ELSE sessions.identities || excluded.identities END,
              messages_in = sessions.messages_in
                + CASE WHEN excluded.last_inbox_id > sessions.last_inbox_id THEN 1 ELSE 0 END,
              last_customer_at = greatest(sessions.last_customer_at, excluded.last_customer_at),
              last_inbox_id = greatest(sessions.last_inbox_id, excluded.last_inbox_id),
              status = CASE WHEN sessions.status = 'answered' THEN 'waiting' ELSE sessions.status END
            RETURNING *, (xmax = 0) AS created""")
        .execute(Tuple.tuple().addValue(channels).addValue(lines).addValue(keys).addValue(names)
            .addValue(identities).addValue(ats).addValue(inboxIds))
        .map(rows -> {
          java.util.Map<String, Continued> out = new java.util.HashMap<>();
          for (Row row : rows) {
            Session session = Session.of(row);
            out.put(session.channelId() + "\n" + session.customerKey(), new Continued(session, row.getBoolean("created")));
          }
          return out;
        });
  }

  Future<Session> get(long id) {
    return pool.preparedQuery("SELECT * FROM openlines.sessions WHERE id = $1").execute(Tuple.of(id))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(LinehubException.notFound("no session " + id))
            : Future.succeededFuture(Session.of(rows.iterator().next())));
  }

  /** The customer's most recent session on the channel, open or not, or null. */
  Future<Session> latest(String channelId, String customerKey) {
    return pool.preparedQuery("SELECT * FROM openlines.sessions WHERE channel_id = $1 AND customer_key = $2"
            + " ORDER BY id DESC LIMIT 1").execute(Tuple.of(channelId, customerKey))
        .map(rows -> rows.size() == 0 ? null : Session.of(rows.iterator().next()));
  }

  /** The dialogs of a customer's sessions on a channel, closed ones too: the conversations they had. */
  Future<java.util.Set<Long>> dialogsOf(String channelId, String customerKey) {
    return pool.preparedQuery("SELECT dialog_id FROM openlines.sessions WHERE channel_id = $1 AND customer_key = $2"
            + " AND dialog_id IS NOT NULL").execute(Tuple.of(channelId, customerKey))
        .map(rows -> {
          java.util.Set<Long> ids = new java.util.HashSet<>();
          rows.forEach(row -> ids.add(row.getLong(0)));
          return ids;
        });
  }

  /** The open session whose dialog this is, or null. */
  Future<Session> byDialog(long dialogId) {
    return pool.preparedQuery("SELECT * FROM openlines.sessions WHERE dialog_id = $1").execute(Tuple.of(dialogId))
        .map(rows -> rows.size() == 0 ? null : Session.of(rows.iterator().next()));
  }

  Future<List<Session>> list(String status, String lineId, Long operatorId, int limit) {
    return pool.preparedQuery("""
            SELECT * FROM openlines.sessions
            WHERE ($1::text IS NULL OR ($1 = 'open' AND status NOT IN ('closed', 'spam')) OR status = $1)
              AND ($2::text IS NULL OR line_id = $2) AND ($3::bigint IS NULL OR operator_id = $3)
            ORDER BY id DESC LIMIT $4""").execute(Tuple.of(status, lineId, operatorId, limit))
        .map(SessionStore::sessions);
  }

  /** Open sessions with a dialog: the ones whose operators' replies may need forwarding after a restart. */
  Future<List<Session>> openWithDialog() {
    return pool.query("SELECT * FROM openlines.sessions WHERE status NOT IN ('closed', 'spam') AND dialog_id IS NOT NULL")
        .execute().map(SessionStore::sessions);
  }

  Future<Void> setDialog(long id, long dialogId) {
    return pool.preparedQuery("UPDATE openlines.sessions SET dialog_id = $2 WHERE id = $1 AND dialog_id IS NULL")
        .execute(Tuple.of(id, dialogId)).mapEmpty();
  }

  Future<Void> setCrm(long id, String entity, long activityId) {
    return pool.preparedQuery("UPDATE openlines.sessions SET crm_entity = $2, crm_activity_id = $3 WHERE id = $1")
        .execute(Tuple.of(id, entity, activityId)).mapEmpty();
  }

  /** Routed: the session waits for an operator. */
  Future<Void> enqueued(long id) {
    return pool.preparedQuery("UPDATE openlines.sessions SET status = 'waiting' WHERE id = $1 AND status = 'new'")
        .execute(Tuple.of(id)).mapEmpty();
  }

  /** An operator took the session; returns it as it was before (its previous operator). */
  Future<Session> assign(long id, long operatorId) {
    return pool.preparedQuery("""
            WITH before AS (SELECT * FROM openlines.sessions WHERE id = $1 FOR UPDATE)
            UPDATE openlines.sessions s SET operator_id = $2, assigned_at = coalesce(s.assigned_at, now()),
              status = CASE WHEN s.status = 'new' THEN 'waiting' ELSE s.status END
            FROM before WHERE s.id = before.id AND s.status NOT IN ('closed', 'spam')
            RETURNING before.*""").execute(Tuple.of(id, operatorId))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(LinehubException.conflict("session " + id + " is closed"))
            : Future.succeededFuture(Session.of(rows.iterator().next())));
  }

  /** Closes (or marks as spam) an open session; 409 when it is closed already. */
  Future<Session> close(long id, String status, String reason) {
    return pool.preparedQuery("""
            UPDATE openlines.sessions SET status = $2, closed_at = now(), close_reason = $3
            WHERE id = $1 AND status NOT IN ('closed', 'spam') RETURNING *""").execute(Tuple.of(id, status, reason))
        .compose(rows -> rows.size() == 0
            ? get(id).compose(s -> Future.failedFuture(LinehubException.conflict("session " + id + " is " + s.status())))
            : Future.succeededFuture(Session.of(rows.iterator().next())));
  }

  /**
   * An operator's reply, into the outbox and the session's figures in one transaction; nothing
   * when the message was queued before (the outbox is unique on the chat message).
   *
   * @return the outbox row id, or null when it was there already
   */
  Future<Long> operatorWrote(Session session, long chatMessageId, long seq, String text, Instant at) {
    return pool.withTransaction(tx -> tx.preparedQuery("""
            INSERT INTO openlines.outbox (session_id, chat_message_id, dialog_id, seq, text, status)
            VALUES ($1, $2, $3, $4, $5, 'pending') ON CONFLICT (chat_message_id) DO NOTHING RETURNING id""")
        .execute(Tuple.of(session.id(), chatMessageId, session.dialogId(), seq, text))
        .compose(rows -> {
          Long outboxId = rows.size() == 0 ? null : rows.iterator().next().getLong(0);
          return tx.preparedQuery("""
                  UPDATE openlines.sessions SET forwarded_seq = greatest(forwarded_seq, $2),
                    messages_out = messages_out + $3, last_operator_at = $4,
                    first_response_at = coalesce(first_response_at, $4),
                    status = CASE WHEN status IN ('new', 'waiting') THEN 'answered' ELSE status END
                  WHERE id = $1""").execute(Tuple.of(session.id(), seq, outboxId == null ? 0 : 1,
                  at.atOffset(java.time.ZoneOffset.UTC)))
              .map(outboxId);
        }));
  }

  /** An automatic message (greeting, fallback reply, rating request) into the outbox; null when queued before. */
  Future<Long> queueAuto(Session session, long chatMessageId, long seq, String text) {
    return pool.withTransaction(tx -> tx.preparedQuery("""
            INSERT INTO openlines.outbox (session_id, chat_message_id, dialog_id, seq, text, status, auto)
            VALUES ($1, $2, $3, $4, $5, 'pending', true) ON CONFLICT (chat_message_id) DO NOTHING RETURNING id""")
        .execute(Tuple.of(session.id(), chatMessageId, session.dialogId(), seq, text))
        .compose(rows -> tx.preparedQuery("UPDATE openlines.sessions SET forwarded_seq = greatest(forwarded_seq, $2)"
                + " WHERE id = $1").execute(Tuple.of(session.id(), seq))
            .map(rows.size() == 0 ? null : rows.iterator().next().getLong(0))));
  }

  Future<Void> ratingRequested(long id) {
    return pool.preparedQuery("UPDATE openlines.sessions SET rating_requested_at = now() WHERE id = $1")
        .execute(Tuple.of(id)).mapEmpty();
  }

  /** The customer's last session closed within a day that asked for a rating and has none, or null. */
  Future<Session> awaitingRating(String channelId, String customerKey) {
    return pool.preparedQuery("""
            SELECT * FROM openlines.sessions
            WHERE channel_id = $1 AND customer_key = $2 AND rating_requested_at IS NOT NULL AND rating IS NULL
              AND status = 'closed' AND closed_at > now() - interval '1 day'
              AND NOT EXISTS (SELECT 1 FROM openlines.sessions o WHERE o.channel_id = $1 AND o.customer_key = $2
                              AND o.status NOT IN ('closed', 'spam'))
            ORDER BY closed_at DESC LIMIT 1""").execute(Tuple.of(channelId, customerKey))
        .map(rows -> rows.size() == 0 ? null : Session.of(rows.iterator().next()));
  }

  Future<Void> rate(long id, int rating) {
    return pool.preparedQuery("UPDATE openlines.sessions SET rating = $2 WHERE id = $1 AND rating IS NULL")
        .execute(Tuple.of(id, rating)).mapEmpty();
  }

  /**
   * Open sessions whose line closes them after a silence: waiting for the customer (answered) with
   * the operator's last message older than the line's {@code auto_close_minutes}.
   */
  Future<List<Long>> silent() {
    return pool.query("""
            SELECT s.id FROM openlines.sessions s JOIN openlines.line_settings l ON l.line_id = s.line_id
            WHERE s.status = 'answered' AND l.auto_close_minutes IS NOT NULL
              AND s.last_operator_at < now() - l.auto_close_minutes * interval '1 minute'
              AND (s.last_customer_at IS NULL OR s.last_customer_at < s.last_operator_at)
            ORDER BY s.id LIMIT 500""").execute().map(rows -> {
          List<Long> out = new ArrayList<>();
          rows.forEach(row -> out.add(row.getLong(0)));
          return out;
        });
  }

  /** The session moves to another line: a new routing ticket, no operator until routing assigns one. */
  Future<Session> movedTo(long id, String lineId) {
    return pool.preparedQuery("""
            UPDATE openlines.sessions SET line_id = $2, transfers = transfers + 1, status = 'waiting'
            WHERE id = $1 AND status NOT IN ('closed', 'spam') RETURNING *""").execute(Tuple.of(id, lineId))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(LinehubException.conflict("session " + id + " is closed"))
            : Future.succeededFuture(Session.of(rows.iterator().next())));
  }

  private static List<Session> sessions(Iterable<Row> rows) {
    List<Session> out = new ArrayList<>();
    rows.forEach(row -> out.add(Session.of(row)));
    return out;
  }
}
