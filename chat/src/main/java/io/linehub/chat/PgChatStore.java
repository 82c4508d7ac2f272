package io.linehub.chat;

import io.linehub.api.chat.ChatAttachment;
import io.linehub.api.chat.ChatMessage;
import io.linehub.api.error.LinehubException;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Dialogs, members and messages in PostgreSQL (schema {@code chat}, V1__chat.sql). */
public final class PgChatStore {

  /** A message as stored, and whether it had been stored before under the same client id. */
  public record Posted(ChatMessage message, boolean duplicate) {
  }

  /** A dialog as one of its members sees it. */
  public record Dialog(long id, String kind, String title, boolean open, String externalRef, long lastSeq,
      long lastReadSeq, List<Member> members) {

    public long unread() {
      return Math.max(0, lastSeq - lastReadSeq);
    }
  }

  public record Member(long userId, String role, long lastReadSeq) {
  }

  private static final List<String> COLUMN_NAMES = List.of("id", "dialog_id", "seq", "author_id", "client_id", "kind",
      "body", "quote_seq", "created_at", "edited_at", "deleted_at");
  /** The columns of {@code chat.messages m} that {@link #message} reads, with its attachments. */
  private static final String M_COLUMNS = String.join(", ", COLUMN_NAMES.stream().map(c -> "m." + c).toList())
      + ", chat.attachments_json(m.id) AS attachments";

  private final Pool pool;

  public PgChatStore(Pool pool) {
    this.pool = pool;
  }

  /** The one direct dialog of two people, created on first use. */
  public Future<Long> direct(long a, long b) {
    String key = Math.min(a, b) + ":" + Math.max(a, b);
    return pool.withTransaction(tx -> tx.preparedQuery("""
            INSERT INTO chat.dialogs (kind, direct_key, created_by) VALUES ('direct', $1, $2)
            ON CONFLICT (direct_key) DO NOTHING RETURNING id""").execute(Tuple.of(key, a))
        .compose(rows -> rows.size() == 1
            ? addMembers(tx, rows.iterator().next().getLong(0), List.of(a, b), null)
                .map(rows.iterator().next().getLong(0))
            : tx.preparedQuery("SELECT id FROM chat.dialogs WHERE direct_key = $1").execute(Tuple.of(key))
                .map(found -> found.iterator().next().getLong(0))));
  }

  /** A new group dialog owned by {@code owner}, with {@code members} invited. */
  public Future<Long> group(long owner, String title, boolean open, List<Long> members) {
    return pool.withTransaction(tx -> tx.preparedQuery("""
            INSERT INTO chat.dialogs (kind, title, open, created_by) VALUES ('group', $1, $2, $3) RETURNING id""")
        .execute(Tuple.of(title, open, owner))
        .compose(rows -> {
          long id = rows.iterator().next().getLong(0);
          List<Long> others = members.stream().filter(m -> m != owner).distinct().toList();
          return addMembers(tx, id, List.of(owner), "owner")
              .compose(ignored -> addMembers(tx, id, others, null))
              .map(id);
        }));
  }

  /**
   * {@code userId} joins: themselves into an open group, or invited by {@code by}, a member. Returns
   * whether they were not a member before.
   */
  public Future<Boolean> join(long dialogId, long userId, long by) {
    return pool.withTransaction(tx -> tx.preparedQuery("""
            SELECT d.kind, d.open, EXISTS (SELECT 1 FROM chat.members m WHERE m.dialog_id = d.id AND m.user_id = $2)
            FROM chat.dialogs d WHERE d.id = $1""").execute(Tuple.of(dialogId, by))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(LinehubException.notFound("no dialog " + dialogId));
          }
          Row row = rows.iterator().next();
          if (!"group".equals(row.getString(0))) {
            return Future.failedFuture(LinehubException.conflict("only group dialogs take new members"));
          }
          boolean self = by == userId;
          if (!(self ? row.getBoolean(1) : row.getBoolean(2))) {
            return Future.failedFuture(LinehubException.forbidden(self
                ? "this group is closed: a member must invite you" : "only members may invite"));
          }
          return tx.preparedQuery("""
                  INSERT INTO chat.members (dialog_id, user_id, role) VALUES ($1, $2, 'member')
                  ON CONFLICT DO NOTHING""").execute(Tuple.of(dialogId, userId))
              .map(inserted -> inserted.rowCount() == 1);
        }));
  }

  /**
   * {@code userId} leaves the dialog; false when they were not a member. An openline dialog is not
   * left this way: its operators change through openlines (transfer, close).
   */
  public Future<Boolean> leave(long dialogId, long userId) {
    return pool.preparedQuery("""
            WITH target AS (SELECT kind FROM chat.dialogs WHERE id = $1),
                 gone AS (DELETE FROM chat.members m USING target t
                          WHERE m.dialog_id = $1 AND m.user_id = $2 AND t.kind <> 'openline' RETURNING 1)
            SELECT (SELECT kind FROM target), (SELECT count(*) FROM gone)""")
        .execute(Tuple.of(dialogId, userId)).compose(rows -> {
          Row row = rows.iterator().next();
          if ("openline".equals(row.getString(0))) {
            return Future.failedFuture(LinehubException.conflict(
                "an open-line conversation is handed on by transfer or closed, not left"));
          }
          return Future.succeededFuture(row.getLong(1) == 1);
        });
  }

  /** The dialog of an open-line session: created on first use, the same one afterwards. */
  public Future<io.linehub.api.chat.OpenlineDialog> openline(String externalRef, String title) {
    return pool.preparedQuery("""
            WITH made AS (INSERT INTO chat.dialogs (kind, title, external_ref) VALUES ('openline', $2, $1)
                          ON CONFLICT (external_ref) DO NOTHING RETURNING id, last_seq)
            SELECT id, last_seq, true AS created FROM made
            UNION ALL
            SELECT id, last_seq, false FROM chat.dialogs WHERE external_ref = $1 AND NOT EXISTS (SELECT 1 FROM made)""")
        .execute(Tuple.of(externalRef, title))
        .compose(rows -> rows.size() == 1
            ? Future.succeededFuture(rows.iterator().next())
            // The insert lost a race with another one for the same session: read the winner's.
            : pool.preparedQuery("SELECT id, last_seq, false AS created FROM chat.dialogs WHERE external_ref = $1")
                .execute(Tuple.of(externalRef)).map(again -> again.iterator().next()))
        .map(row -> new io.linehub.api.chat.OpenlineDialog(row.getLong("id"), row.getLong("last_seq"),
            row.getBoolean("created")));
  }

  /**
   * Operators join ({@code add}) or leave ({@code remove}) an openline dialog in one transaction.
   * Returns who actually joined and left.
   */
  public Future<io.linehub.api.chat.MembersChanged> setMembers(long dialogId, List<Long> add, List<Long> remove) {
    return pool.withTransaction(tx -> tx.preparedQuery("SELECT kind, last_seq FROM chat.dialogs WHERE id = $1 FOR UPDATE")
        .execute(Tuple.of(dialogId))
        .compose(rows -> {
          if (rows.size() == 0 || !"openline".equals(rows.iterator().next().getString(0))) {
            return Future.failedFuture(LinehubException.notFound("no openline dialog " + dialogId));
          }
          long lastSeq = rows.iterator().next().getLong(1);
          return tx.preparedQuery("""
                  WITH gone AS (DELETE FROM chat.members WHERE dialog_id = $1 AND user_id = ANY($3) RETURNING user_id),
                       came AS (INSERT INTO chat.members (dialog_id, user_id, role)
                                SELECT $1, u, 'member' FROM unnest($2::bigint[]) AS u
                                WHERE NOT (u = ANY($3)) ON CONFLICT DO NOTHING RETURNING user_id)
                  SELECT 'joined' AS what, user_id FROM came UNION ALL SELECT 'left', user_id FROM gone""")
              .execute(Tuple.of(dialogId, add.toArray(Long[]::new), remove.toArray(Long[]::new)))
              .map(changed -> {
                List<Long> joined = new ArrayList<>();
                List<Long> left = new ArrayList<>();
                changed.forEach(row -> ("joined".equals(row.getString(0)) ? joined : left).add(row.getLong(1)));
                return new io.linehub.api.chat.MembersChanged(dialogId, joined, left, lastSeq);
              });
        }));
  }

  /** Renames a group dialog; only its members may. */
  public Future<Void> rename(long dialogId, long by, String title) {
    return pool.preparedQuery("""
            UPDATE chat.dialogs d SET title = $3 WHERE d.id = $1 AND d.kind = 'group'
              AND EXISTS (SELECT 1 FROM chat.members m WHERE m.dialog_id = d.id AND m.user_id = $2)""")
        .execute(Tuple.of(dialogId, by, title))
        .compose(rows -> rows.rowCount() == 1 ? Future.<Void>succeededFuture()
            : Future.failedFuture(LinehubException.notFound("no group dialog " + dialogId + " of yours")));
  }

  /**
   * Stores a message with the dialog's next seq, or finds the one stored before under the author's
   * {@code clientId}. Committed when the future completes.
   */
  public Future<Posted> post(long dialogId, Long authorId, String clientId, String kind, String text, Long quoteSeq) {
    return pool.preparedQuery("SELECT * FROM chat.post($1, $2, $3, $4, $5, $6)")
        .execute(Tuple.of(dialogId, authorId, clientId, kind, text, quoteSeq))
        .recover(PgChatStore::refusal)
        .map(rows -> {
          Row row = rows.iterator().next();
          return new Posted(new ChatMessage(row.getLong("message_id"), dialogId, row.getLong("message_seq"), authorId,
              clientId, kind, text, quoteSeq, row.getOffsetDateTime("message_at").toInstant(), null, null, List.of()),
              row.getBoolean("duplicate"));
        });
  }

  /**
   * One message to store in a batch ({@link #postMany}): a person's ({@code text}, with the ids of
   * the uploads it carries) or an authorless one ({@code external}, {@code system}; with files, the
   * guest uploads of {@code uploaderRef}).
   */
  public record Draft(long dialogId, Long authorId, String kind, String clientId, String text, Long quoteSeq,
      List<Long> attachments, String uploaderRef) {

    public Draft {
      attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    public Draft(long dialogId, Long authorId, String kind, String clientId, String text, Long quoteSeq,
        List<Long> attachments) {
      this(dialogId, authorId, kind, clientId, text, quoteSeq, attachments, null);
    }

    /** A person's message with attachments. */
    public Draft(long dialogId, long authorId, String clientId, String text, Long quoteSeq, List<Long> attachments) {
      this(dialogId, authorId, "text", clientId, text, quoteSeq, attachments);
    }

    /** A person's text message. */
    public Draft(long dialogId, long authorId, String clientId, String text, Long quoteSeq) {
      this(dialogId, authorId, "text", clientId, text, quoteSeq, List.of());
    }
  }

  /**
   * Stores text messages in one transaction (chat.post_many: one WAL flush for the lot), each as
   * {@link #post} would; the results in the drafts' order, a refusal as a failed future of its own.
   */
  public Future<List<Future<Posted>>> postMany(List<Draft> drafts) {
    int n = drafts.size();
    Long[] dialogs = new Long[n];
    Long[] authors = new Long[n];
    String[] clients = new String[n];
    String[] kinds = new String[n];
    String[] bodies = new String[n];
    Long[] quotes = new Long[n];
    String[] attachments = new String[n];
    String[] refs = new String[n];
    for (int i = 0; i < n; i++) {
      Draft d = drafts.get(i);
      dialogs[i] = d.dialogId();
      authors[i] = d.authorId();
      clients[i] = d.clientId();
      kinds[i] = d.kind();
      bodies[i] = d.text();
      quotes[i] = d.quoteSeq();
      attachments[i] = d.attachments().isEmpty() ? null
          : String.join(",", d.attachments().stream().map(String::valueOf).toList());
      refs[i] = d.uploaderRef();
    }
    return pool.preparedQuery("SELECT * FROM chat.post_many($1, $2, $3, $4, $5, $6, $7, $8)")
        .execute(Tuple.tuple().addValue(dialogs).addValue(authors).addValue(clients).addValue(kinds)
            .addValue(bodies).addValue(quotes).addValue(attachments).addValue(refs))
        .map(rows -> {
          List<Future<Posted>> out = new ArrayList<>(java.util.Collections.nCopies(n, null));
          for (Row row : rows) {
            int i = row.getInteger("ord") - 1;
            Draft d = drafts.get(i);
            String status = row.getString("status");
            out.set(i, switch (status) {
              case "ok", "duplicate" -> Future.succeededFuture(new Posted(new ChatMessage(row.getLong("message_id"),
                  d.dialogId(), row.getLong("message_seq"), d.authorId(), d.clientId(), d.kind(), d.text(), d.quoteSeq(),
                  row.getOffsetDateTime("message_at").toInstant(), null, null,
                  attachments(row.getString("message_attachments"))), "duplicate".equals(status)));
              case "forbidden" -> Future.failedFuture(LinehubException.forbidden("you are not a member of this dialog"));
              case "bad_attachments" -> Future.failedFuture(LinehubException.badRequest(
                  "attachments: each must be your own upload" + (d.authorId() == null ? "" : " to this dialog")
                      + ", not sent before"));
              default -> Future.failedFuture(LinehubException.notFound("no such dialog"));
            });
          }
          return out;
        });
  }

  /** Up to {@code limit} messages with seq greater than {@code afterSeq}, oldest first. */
  public Future<List<ChatMessage>> after(long dialogId, long afterSeq, int limit) {
    return pool.preparedQuery("SELECT " + M_COLUMNS + " FROM chat.messages m WHERE m.dialog_id = $1 AND m.seq > $2"
            + " ORDER BY m.seq LIMIT $3")
        .execute(Tuple.of(dialogId, afterSeq, limit)).map(PgChatStore::messages);
  }

  /** Up to {@code limit} messages with seq less than {@code beforeSeq}, oldest first. */
  public Future<List<ChatMessage>> before(long dialogId, long beforeSeq, int limit) {
    return pool.preparedQuery("SELECT * FROM (SELECT " + M_COLUMNS + " FROM chat.messages m WHERE m.dialog_id = $1"
            + " AND m.seq < $2 ORDER BY m.seq DESC LIMIT $3) page ORDER BY seq")
        .execute(Tuple.of(dialogId, beforeSeq, limit)).map(PgChatStore::messages);
  }

  /** The author changes a message's text; 404 when it is not theirs or is deleted. */
  public Future<ChatMessage> edit(long dialogId, long seq, long authorId, String text) {
    return change("SET body = $4, edited_at = now()", "", dialogId, seq, authorId, text);
  }

  /**
   * The author deletes a message: its text is gone and its attachments are marked for the sweep
   * (in the same statement), its seq stays; 404 when it is not theirs.
   */
  public Future<ChatMessage> delete(long dialogId, long seq, long authorId) {
    return change("SET body = '', deleted_at = now()", """
        , gone AS (UPDATE chat.attachments a SET removed_at = now() FROM changed
                   WHERE a.message_id = changed.id AND a.removed_at IS NULL)""", dialogId, seq, authorId, null);
  }

  private Future<ChatMessage> change(String set, String alsoWith, long dialogId, long seq, long authorId,
      String text) {
    Tuple args = Tuple.of(dialogId, seq, authorId);
    if (text != null) {
      args.addValue(text);
    }
    // The outer query sees the attachments as they were before the statement (a data-modifying
    // CTE's changes are not visible to it); a deleted message's are dropped by message().
    return pool.preparedQuery("WITH changed AS (UPDATE chat.messages " + set
            + " WHERE dialog_id = $1 AND seq = $2 AND author_id = $3 AND deleted_at IS NULL RETURNING *)" + alsoWith
            + " SELECT " + M_COLUMNS + " FROM changed m")
        .execute(args)
        .compose(rows -> rows.size() == 1 ? Future.succeededFuture(message(rows.iterator().next()))
            : Future.failedFuture(LinehubException.notFound("no message " + seq + " of yours in dialog " + dialogId)));
  }

  /**
   * Messages whose text matches {@code query} (web-search syntax: words, "phrases", -excluded) in
   * the dialogs {@code userId} is a member of, or in one of them; newest first.
   */
  public Future<List<ChatMessage>> search(long userId, String query, Long dialogId, int limit) {
    return pool.preparedQuery("SELECT " + M_COLUMNS
            + " FROM chat.messages m JOIN chat.members mb ON mb.dialog_id = m.dialog_id AND mb.user_id = $1"
            + " WHERE m.search @@ websearch_to_tsquery('simple', $2) AND m.deleted_at IS NULL"
            + " AND ($3::bigint IS NULL OR m.dialog_id = $3) ORDER BY m.created_at DESC, m.id DESC LIMIT $4")
        .execute(Tuple.of(userId, query, dialogId, limit)).map(PgChatStore::messages);
  }

  /** Whether {@code userId} is a member of the dialog. */
  public Future<Boolean> isMember(long dialogId, long userId) {
    return pool.preparedQuery("SELECT 1 FROM chat.members WHERE dialog_id = $1 AND user_id = $2")
        .execute(Tuple.of(dialogId, userId)).map(rows -> rows.size() == 1);
  }

  /** The user ids of the dialog's members. */
  public Future<List<Long>> members(long dialogId) {
    return pool.preparedQuery("SELECT user_id FROM chat.members WHERE dialog_id = $1 ORDER BY user_id")
        .execute(Tuple.of(dialogId)).map(rows -> {
          List<Long> out = new ArrayList<>();
          rows.forEach(row -> out.add(row.getLong(0)));
          return out;
        });
  }

  /** Each dialog of the user with its last seq: what a new connection starts from. */
  public Future<Map<Long, Long>> lastSeqs(long userId) {
    return pool.preparedQuery("""
            SELECT d.id, d.last_seq FROM chat.members m JOIN chat.dialogs d ON d.id = m.dialog_id
            WHERE m.user_id = $1""").execute(Tuple.of(userId)).map(rows -> {
          Map<Long, Long> out = new LinkedHashMap<>();
          rows.forEach(row -> out.put(row.getLong(0), row.getLong(1)));
          return out;
        });
  }

  /** The user's dialogs with their members and read state, most recent activity first. */
  public Future<List<Dialog>> dialogsOf(long userId) {
    return pool.preparedQuery("""
            SELECT d.id, d.kind, d.title, d.open, d.external_ref, d.last_seq, me.last_read_seq,
                   (SELECT coalesce(json_agg(json_build_object('userId', m.user_id, 'role', m.role,
                           'lastReadSeq', m.last_read_seq) ORDER BY m.user_id), '[]')::text
                    FROM chat.members m WHERE m.dialog_id = d.id) AS members
            FROM chat.members me JOIN chat.dialogs d ON d.id = me.dialog_id
            WHERE me.user_id = $1
            ORDER BY (SELECT max(x.created_at) FROM chat.messages x WHERE x.dialog_id = d.id AND x.seq = d.last_seq)
                     DESC NULLS LAST, d.id DESC""").execute(Tuple.of(userId)).map(rows -> {
          List<Dialog> out = new ArrayList<>();
          for (Row row : rows) {
            List<Member> members = new ArrayList<>();
            new io.vertx.core.json.JsonArray(row.getString("members")).forEach(m -> {
              var member = (io.vertx.core.json.JsonObject) m;
              members.add(new Member(member.getLong("userId"), member.getString("role"),
                  member.getLong("lastReadSeq")));
            });
            out.add(new Dialog(row.getLong("id"), row.getString("kind"), row.getString("title"),
                row.getBoolean("open"), row.getString("external_ref"), row.getLong("last_seq"),
                row.getLong("last_read_seq"), members));
          }
          return out;
        });
  }

  /**
   * The member has read up to {@code seq} (never backwards, never past the last message). Returns
   * the read seq now stored, or empty when they are not a member.
   */
  public Future<Long> markRead(long dialogId, long userId, long seq) {
    return pool.preparedQuery("""
            UPDATE chat.members m SET last_read_seq = greatest(m.last_read_seq, least($3, d.last_seq))
            FROM chat.dialogs d WHERE d.id = m.dialog_id AND m.dialog_id = $1 AND m.user_id = $2
            RETURNING m.last_read_seq""").execute(Tuple.of(dialogId, userId, seq))
        .compose(rows -> rows.size() == 1 ? Future.succeededFuture(rows.iterator().next().getLong(0))
            : Future.failedFuture(LinehubException.forbidden("not a member of dialog " + dialogId)));
  }

  private static Future<Void> addMembers(SqlClient tx, long dialogId, List<Long> users, String role) {
    if (users.isEmpty()) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery("""
            INSERT INTO chat.members (dialog_id, user_id, role)
            SELECT $1, u, $3 FROM unnest($2::bigint[]) AS u ON CONFLICT DO NOTHING""")
        .execute(Tuple.tuple().addValue(dialogId).addValue(users.toArray(Long[]::new))
            .addValue(role == null ? "member" : role))
        .mapEmpty();
  }

  private static <T> Future<T> refusal(Throwable failure) {
    if (failure instanceof PgException pg && "LH403".equals(pg.getSqlState())) {
      return Future.failedFuture(LinehubException.forbidden("you are not a member of this dialog"));
    }
    if (failure instanceof PgException pg && "LH404".equals(pg.getSqlState())) {
      return Future.failedFuture(LinehubException.notFound("no such dialog"));
    }
    return Future.failedFuture(failure);
  }

  private static ChatMessage message(Row row) {
    OffsetDateTime edited = row.getOffsetDateTime("edited_at");
    OffsetDateTime deleted = row.getOffsetDateTime("deleted_at");
    return new ChatMessage(row.getLong("id"), row.getLong("dialog_id"), row.getLong("seq"), row.getLong("author_id"),
        row.getString("client_id"), row.getString("kind"), deleted == null ? row.getString("body") : null,
        row.getLong("quote_seq"), row.getOffsetDateTime("created_at").toInstant(),
        edited == null ? null : edited.toInstant(), deleted == null ? null : deleted.toInstant(),
        deleted == null ? attachments(row.getString("attachments")) : List.of());
  }

  /** chat.attachments_json's array (null: none). */
  private static List<ChatAttachment> attachments(String json) {
    if (json == null) {
      return List.of();
    }
    List<ChatAttachment> out = new ArrayList<>();
    for (Object item : new io.vertx.core.json.JsonArray(json)) {
      var a = (io.vertx.core.json.JsonObject) item;
      out.add(new ChatAttachment(a.getLong("id"), a.getString("name"), a.getString("contentType"), a.getLong("size")));
    }
    return out;
  }

  private static List<ChatMessage> messages(Iterable<Row> rows) {
    List<ChatMessage> out = new ArrayList<>();
    for (Row row : rows) {
      out.add(message(row));
    }
    return out;
  }
}
