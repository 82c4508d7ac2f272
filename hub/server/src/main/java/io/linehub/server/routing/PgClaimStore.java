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

  private static final String CHOOSE = """
      INSERT INTO hub.agent_presence (agent_id, state, reason, changed_at) VALUES ($1, $2, $3, $4)
      ON CONFLICT (agent_id) DO UPDATE SET state = EXCLUDED.state, reason = EXCLUDED.reason,
        changed_at = EXCLUDED.changed_at
      WHERE hub.agent_presence.changed_at <= EXCLUDED.changed_at""";
  private static final String CHOSEN = """
      SELECT p.agent_id, p.state, p.reason, p.changed_at FROM hub.agent_presence p
      JOIN hub.users u ON u.id = p.agent_id WHERE u.active""";

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
  public Future<Void> choose(Chosen chosen) {
    return pool.preparedQuery(CHOOSE).execute(Tuple.of(chosen.agentId(),
            chosen.state().name().toLowerCase(Locale.ROOT), chosen.reason(),
            chosen.at().atOffset(java.time.ZoneOffset.UTC)))
        .mapEmpty();
  }

  @Override
  public Future<List<Chosen>> chosen() {
    return pool.query(CHOSEN).execute().map(rows -> {
      List<Chosen> out = new ArrayList<>();
      for (Row row : rows) {
        out.add(new Chosen(row.getLong("agent_id"),
            io.linehub.api.routing.AgentState.valueOf(row.getString("state").toUpperCase(Locale.ROOT)),
            row.getString("reason"), row.getOffsetDateTime("changed_at").toInstant()));
      }
      return out;
    });
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
