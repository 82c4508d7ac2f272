package io.linehub.server.routing;

import io.linehub.api.routing.Media;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per line and media, the waiting tickets not under offer right now, in arrival order. Kept apart
 * from the offered ones so that a dispatch looks only at customers who need an offer and stops at
 * the first nobody can take: a long queue behind busy agents costs nothing per event.
 */
final class Pending {

  private final Map<String, EnumMap<Media, TreeMap<Long, Ticket>>> byLine = new HashMap<>();

  void add(Ticket ticket) {
    byLine.computeIfAbsent(ticket.line.id(), key -> new EnumMap<>(Media.class))
        .computeIfAbsent(ticket.request.media(), key -> new TreeMap<>())
        .put(ticket.order, ticket);
  }

  void remove(Ticket ticket) {
    TreeMap<Long, Ticket> queue = of(ticket.line.id(), ticket.request.media());
    if (queue != null) {
      queue.remove(ticket.order);
    }
  }

  /** The queue of one line and media, or null when nobody ever waited there. */
  TreeMap<Long, Ticket> of(String lineId, Media media) {
    EnumMap<Media, TreeMap<Long, Ticket>> queues = byLine.get(lineId);
    return queues == null ? null : queues.get(media);
  }

  /** Arrival order of the line's longest-waiting customer who needs an offer; MAX_VALUE if none. */
  long headOrder(String lineId) {
    EnumMap<Media, TreeMap<Long, Ticket>> queues = byLine.get(lineId);
    long head = Long.MAX_VALUE;
    if (queues != null) {
      for (TreeMap<Long, Ticket> queue : queues.values()) {
        if (!queue.isEmpty()) {
          head = Math.min(head, queue.firstKey());
        }
      }
    }
    return head;
  }
}
