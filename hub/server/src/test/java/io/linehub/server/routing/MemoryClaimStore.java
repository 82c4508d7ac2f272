package io.linehub.server.routing;

import io.linehub.api.routing.Media;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The claim rules of {@code hub.claim_ticket} in memory, for engine tests that are about decisions
 * and time rather than the database. {@link PgClaimStoreTest} holds the real store to the same rules.
 */
final class MemoryClaimStore implements ClaimStore {

  private record Held(long agentId, Media media, boolean released) {
  }

  private final Map<String, Held> tickets = new HashMap<>();
  private final Map<Long, int[]> load = new HashMap<>();

  @Override
  public synchronized Future<Result> claim(String ticketId, long agentId, Media media, String lineId, int maxChats) {
    Held held = tickets.get(ticketId);
    if (held != null) {
      return Future.succeededFuture(held.agentId == agentId ? Result.OK : Result.TAKEN);
    }
    int[] counts = load.computeIfAbsent(agentId, key -> new int[2]);
    if (media == Media.CALL ? counts[0] >= 1 : counts[1] >= maxChats) {
      return Future.succeededFuture(Result.AGENT_BUSY);
    }
    counts[media == Media.CALL ? 0 : 1]++;
    tickets.put(ticketId, new Held(agentId, media, false));
    return Future.succeededFuture(Result.OK);
  }

  @Override
  public synchronized Future<Void> release(String ticketId) {
    Held held = tickets.get(ticketId);
    if (held != null && !held.released) {
      load.get(held.agentId)[held.media == Media.CALL ? 0 : 1]--;
      tickets.put(ticketId, new Held(held.agentId, held.media, true));
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<List<Open>> recover() {
    return Future.succeededFuture(List.of());
  }

  synchronized int calls(long agentId) {
    return load.getOrDefault(agentId, new int[2])[0];
  }

  synchronized int chats(long agentId) {
    return load.getOrDefault(agentId, new int[2])[1];
  }

}
