package io.linehub.server.routing;

import io.linehub.api.batch.GroupCommit;
import io.linehub.api.routing.Media;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * {@link ClaimStore} on {@code hub.claim_ticket} / {@code hub.release_ticket} (V3, V9, V15), in
 * batches (V13): claims, and releases, that arrive while the previous batch is running go together
 * in the next call, so a busy node pays one statement and one transaction for many calls' claims.
 */
public final class PgClaimStore implements ClaimStore {

  private static final String CLAIMS = """
      SELECT ord, result FROM hub.claim_tickets($1::text[], $2::bigint[], $3::text[], $4::text[], $5::int[])""";
  private static final String RELEASES = "SELECT hub.release_tickets($1::text[])";
  /** Claims on the way to the store at once: one keeps a batch's row locks from waiting on another's. */
  private static final int CLAIMS_IN_FLIGHT = 1;
  private static final int RELEASES_IN_FLIGHT = 1;
  private static final int MAX_BATCH = 128;
  private static final String RELEASE_CALLS = """
      SELECT hub.release_tickets(array_agg(ticket_id)) FROM hub.assignments
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

  private record Claim(String ticketId, long agentId, Media media, String lineId, int maxChats) {
  }

  private final Pool pool;
  private final GroupCommit<Claim, Result> claims;
  private final GroupCommit<String, Void> releases;

  public PgClaimStore(Pool pool) {
    this.pool = pool;
    // A failed batch is retried item by item: one bad claim never fails its neighbours.
    this.claims = new GroupCommit<>(this::claimAll, CLAIMS_IN_FLIGHT, MAX_BATCH, true);
    this.releases = new GroupCommit<>(this::releaseAll, RELEASES_IN_FLIGHT, MAX_BATCH, true);
  }

  @Override
  public Future<Result> claim(String ticketId, long agentId, Media media, String lineId, int maxChats) {
    return claims.submit(new Claim(ticketId, agentId, media, lineId, maxChats));
  }

  @Override
  public Future<Void> release(String ticketId) {
    return releases.submit(ticketId);
  }

  private Future<List<Result>> claimAll(List<Claim> batch) {
    int n = batch.size();
    String[] tickets = new String[n];
    Long[] agents = new Long[n];
    String[] media = new String[n];
    String[] lines = new String[n];
    Integer[] maxChats = new Integer[n];
    for (int i = 0; i < n; i++) {
      Claim c = batch.get(i);
      tickets[i] = c.ticketId();
      agents[i] = c.agentId();
      media[i] = c.media().name().toLowerCase(Locale.ROOT);
      lines[i] = c.lineId();
      maxChats[i] = c.maxChats();
    }
    return pool.preparedQuery(CLAIMS)
        .execute(Tuple.tuple().addValue(tickets).addValue(agents).addValue(media).addValue(lines).addValue(maxChats))
        .map(rows -> {
          Result[] results = new Result[n];
          for (Row row : rows) {
            results[row.getInteger("ord") - 1] = Result.valueOf(row.getString("result").toUpperCase(Locale.ROOT));
          }
          List<Result> answered = Arrays.asList(results);
          if (answered.contains(null)) {
            throw new IllegalStateException("hub.claim_tickets left claims of a batch of " + n + " unanswered");
          }
          return answered;
        });
  }

  private Future<List<Void>> releaseAll(List<String> batch) {
    return pool.preparedQuery(RELEASES).execute(Tuple.tuple().addValue(batch.toArray(String[]::new)))
        .map(rows -> Collections.nCopies(batch.size(), (Void) null));
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
