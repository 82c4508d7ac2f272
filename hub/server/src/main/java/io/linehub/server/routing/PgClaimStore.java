package io.linehub.server.routing;

import io.linehub.api.routing.Media;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@link ClaimStore} on {@code hub.claim_ticket} / {@code hub.release_ticket} (V3__routing.sql). */
public final class PgClaimStore implements ClaimStore {

  private static final String CLAIM = "SELECT hub.claim_ticket($1, $2, $3, $4, $5) AS result";
  private static final String RELEASE = "SELECT hub.release_ticket($1)";
  private static final String RELEASE_CALLS = """
      SELECT hub.release_ticket(ticket_id) FROM hub.assignments
      WHERE media = 'call' AND released_at IS NULL""";
  private static final String OPEN_CHATS = """
      SELECT ticket_id, line_id, agent_id, assigned_at FROM hub.assignments
      WHERE media = 'chat' AND released_at IS NULL ORDER BY assigned_at""";

  private final Pool pool;

  public PgClaimStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Result> claim(String ticketId, long agentId, Media media, String lineId, int maxChats) {
    return pool.preparedQuery(CLAIM)
        .execute(Tuple.of(ticketId, agentId, media.name().toLowerCase(Locale.ROOT), lineId, maxChats))
        .map(rows -> Result.valueOf(rows.iterator().next().getString("result").toUpperCase(Locale.ROOT)));
  }

  @Override
  public Future<Void> release(String ticketId) {
    return pool.preparedQuery(RELEASE).execute(Tuple.of(ticketId)).mapEmpty();
  }

  @Override
  public Future<List<Open>> recover() {
    return pool.withTransaction(tx -> tx.query(RELEASE_CALLS).execute()
        .compose(ignored -> tx.query(OPEN_CHATS).execute())
        .map(rows -> {
          List<Open> open = new ArrayList<>();
          for (Row row : rows) {
            open.add(new Open(row.getString("ticket_id"), row.getString("line_id"), Media.CHAT,
                row.getLong("agent_id"), row.getOffsetDateTime("assigned_at").toInstant()));
          }
          return open;
        }));
  }
}
