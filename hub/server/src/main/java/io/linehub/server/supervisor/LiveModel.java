package io.linehub.server.supervisor;

import io.linehub.api.routing.Assigned;
import io.linehub.api.routing.FallbackAction;
import io.linehub.api.routing.FellBack;
import io.linehub.api.routing.OfferWithdrawn;
import io.linehub.api.routing.Offered;
import io.linehub.api.routing.PresenceChanged;
import io.linehub.api.routing.Queued;
import io.linehub.api.routing.TicketClosed;
import io.linehub.api.routing.TicketState;
import io.linehub.server.lines.Line;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The supervisor's live picture built from routing events: tickets on the lines, agents, and each
 * line's figures for its local day. Pure state: no I/O, single-threaded (its verticle owns it),
 * time only from the injected clock. Each {@code apply} returns the delta frames it causes, each
 * with the next {@code seq}; a frame goes out only when what a client sees has changed.
 *
 * <p>While nobody watches ({@link #watched(boolean)}) the state is kept as ever but no frame is
 * rendered and {@code seq} stands still: a watcher starts from a {@link #snapshot()}, which renders
 * the whole picture afresh, so deltas nobody would read are work for nothing. At a thousand calls a
 * second they were several frames per event, each rendered, compared and published.
 */
public final class LiveModel {

  private static final Comparator<LiveTicket> BY_ARRIVAL =
      Comparator.comparing((LiveTicket t) -> t.arrivedAt, Comparator.nullsLast(Comparator.naturalOrder()))
          .thenComparing(t -> t.ticketId);
  private static final LineFigures.Settings DEFAULTS =
      new LineFigures.Settings(null, ZoneId.of("UTC"), Duration.ofSeconds(20));

  private final Clock clock;
  private final Function<String, Optional<Line>> lines;
  private final Map<String, LiveTicket> tickets = new HashMap<>();
  private final Map<Long, JsonObject> agents = new TreeMap<>();
  private final Map<String, LineFigures> figures = new TreeMap<>();
  /**
   * Each line's waiting tickets, longest waiting first: a line frame reads its "waiting now" and
   * "longest waiting since" here instead of scanning every live ticket on every event. A ticket is
   * taken out before its line, state or arrival changes and put back after ({@link #unindex},
   * {@link #index}).
   */
  private final Map<String, TreeSet<LiveTicket>> waiting = new HashMap<>();
  private long seq;
  private boolean watched = true;

  /** @param lines the current settings of a line; called on the owner's event loop, so it must not block */
  public LiveModel(Clock clock, Function<String, Optional<Line>> lines) {
    this.clock = clock;
    this.lines = lines;
  }

  /** Whether any delta frame is wanted; frames are rendered only while it is true (the default). */
  public void watched(boolean watched) {
    if (watched && !this.watched) {
      // What was last sent is older than the snapshot the new watcher starts from: a line that
      // returns to it must still be sent, so the next change on every line goes out.
      figures.values().forEach(line -> line.lastSent = null);
    }
    this.watched = watched;
  }

  public List<JsonObject> apply(Queued event) {
    Batch batch = begin();
    LiveTicket ticket = tickets.get(event.ticketId());
    if (ticket != null && ticket.lineId.equals(event.lineId())) {
      return batch.finish(); // a replay: the ticket already waits here
    }
    if (ticket != null) {
      // FellBack to another line: the ticket leaves its old line's live set and starts afresh here.
      unindex(ticket);
      batch.removed(ticket);
    }
    ticket = new LiveTicket(event.ticketId(), event.lineId(), event.media(), event.customer(), event.arrivedAt());
    ticket.channel = event.channel() == null ? null : event.channel().name().toLowerCase(java.util.Locale.ROOT);
    tickets.put(ticket.ticketId, ticket);
    index(ticket);
    figures(event.lineId()).offered();
    batch.ticket(ticket);
    return batch.finish();
  }

  public List<JsonObject> apply(Offered event) {
    Batch batch = begin();
    LiveTicket ticket = tickets.computeIfAbsent(event.ticketId(),
        id -> new LiveTicket(id, event.lineId(), event.media(), event.customer(), null));
    JsonObject before = batch.before(ticket);
    unindex(ticket);
    ticket.offeredTo.addAll(event.agentIds());
    if (ticket.state == TicketState.QUEUED) {
      ticket.state = TicketState.OFFERED;
    }
    index(ticket);
    batch.ticketIfChanged(ticket, before);
    return batch.finish();
  }

  public List<JsonObject> apply(OfferWithdrawn event) {
    Batch batch = begin();
    LiveTicket ticket = tickets.get(event.ticketId());
    if (ticket != null) {
      JsonObject before = batch.before(ticket);
      event.agentIds().forEach(ticket.offeredTo::remove);
      if (ticket.state == TicketState.OFFERED && ticket.offeredTo.isEmpty()) {
        ticket.state = TicketState.QUEUED;
      }
      batch.ticketIfChanged(ticket, before);
    }
    return batch.finish();
  }

  public List<JsonObject> apply(Assigned event) {
    Batch batch = begin();
    LiveTicket ticket = tickets.computeIfAbsent(event.ticketId(),
        id -> new LiveTicket(id, event.lineId(), event.media(), null, event.arrivedAt()));
    if (ticket.state == TicketState.ASSIGNED && Long.valueOf(event.agentId()).equals(ticket.agentId)) {
      return batch.finish(); // a replay must not count the answer twice
    }
    batch.dirty(ticket.lineId);
    unindex(ticket);
    ticket.lineId = event.lineId();
    ticket.state = TicketState.ASSIGNED;
    ticket.agentId = event.agentId();
    ticket.arrivedAt = event.arrivedAt() != null ? event.arrivedAt() : ticket.arrivedAt;
    ticket.assignedAt = event.assignedAt();
    ticket.offeredTo.clear();
    figures(event.lineId()).answered(ticket.arrivedAt, ticket.assignedAt, settings(event.lineId()).serviceLevel());
    batch.ticket(ticket);
    return batch.finish();
  }

  public List<JsonObject> apply(FellBack event) {
    Batch batch = begin();
    LiveTicket ticket = tickets.get(event.ticketId());
    // KEEP_WAITING leaves the customer in the queue; anything else ends the wait on this line.
    if (ticket != null && ticket.lineId.equals(event.lineId())
        && event.fallback().action() != FallbackAction.KEEP_WAITING) {
      unindex(ticket);
      ticket.state = TicketState.FELL_BACK;
      ticket.fallback = event.fallback().action();
      ticket.offeredTo.clear();
      batch.ticket(ticket);
    }
    return batch.finish();
  }

  public List<JsonObject> apply(TicketClosed event) {
    Batch batch = begin();
    LineFigures line = figures(event.lineId());
    switch (event.outcome()) {
      case HANDLED -> line.handled(event.assignedAt(), event.endedAt());
      case ABANDONED -> line.abandoned();
      case FELL_BACK -> line.fellBack();
    }
    batch.dirty(event.lineId());
    LiveTicket ticket = tickets.get(event.ticketId());
    // Only the line it ended on: after a move the ticket already lives on its new line.
    if (ticket != null && ticket.lineId.equals(event.lineId())) {
      tickets.remove(ticket.ticketId);
      unindex(ticket);
      batch.removed(ticket);
    }
    return batch.finish();
  }

  public List<JsonObject> apply(PresenceChanged event) {
    Batch batch = begin();
    JsonObject agent = new JsonObject()
        .put("agentId", event.agentId())
        .put("state", Frames.wire(event.state()))
        .put("reason", event.reason())
        .put("since", Frames.time(event.since()))
        .put("activeChats", event.activeChats())
        .put("registered", event.registered());
    if (!agent.equals(agents.put(event.agentId(), agent)) && watched) {
      batch.frames.add(Frames.agent(++seq, agent.copy()));
    }
    return batch.finish();
  }

  /** Line frames for every line whose local day has changed since its counters started. */
  public List<JsonObject> rollover() {
    return begin().finish();
  }

  /** The whole picture, with the {@code seq} of the last delta it includes. */
  public JsonObject snapshot() {
    Instant now = clock.instant();
    JsonArray ticketList = new JsonArray();
    tickets.values().stream()
        .sorted(BY_ARRIVAL)
        .forEach(t -> ticketList.add(t.toJson()));
    JsonArray agentList = new JsonArray();
    agents.values().forEach(a -> agentList.add(a.copy()));
    JsonArray lineList = new JsonArray();
    figures.values().forEach(f -> lineList.add(render(f, now)));
    return Frames.snapshot(seq, now, ticketList, agentList, lineList);
  }

  private Batch begin() {
    Batch batch = new Batch();
    Instant now = clock.instant();
    for (LineFigures line : figures.values()) {
      if (line.rollTo(LocalDate.ofInstant(now, settings(line.lineId).zone()))) {
        batch.dirty(line.lineId);
      }
    }
    return batch;
  }

  private LineFigures figures(String lineId) {
    return figures.computeIfAbsent(lineId,
        id -> new LineFigures(id, LocalDate.ofInstant(clock.instant(), settings(id).zone())));
  }

  private LineFigures.Settings settings(String lineId) {
    return lines.apply(lineId)
        .map(line -> new LineFigures.Settings(line.name(), line.hours().zone(), line.serviceLevel()))
        .orElse(DEFAULTS);
  }

  private JsonObject render(LineFigures line, Instant now) {
    TreeSet<LiveTicket> lineWaiting = waiting.get(line.lineId);
    int count = lineWaiting == null ? 0 : lineWaiting.size();
    // Arrival order puts unknown arrivals last, so the first one has the earliest known arrival.
    Instant longest = count == 0 ? null : lineWaiting.first().arrivedAt;
    LineFigures.Settings settings = settings(line.lineId);
    return line.toJson(settings, LocalDate.ofInstant(now, settings.zone()), count, longest);
  }

  private void index(LiveTicket ticket) {
    if (ticket.waiting()) {
      waiting.computeIfAbsent(ticket.lineId, id -> new TreeSet<>(BY_ARRIVAL)).add(ticket);
    }
  }

  private void unindex(LiveTicket ticket) {
    TreeSet<LiveTicket> lineWaiting = waiting.get(ticket.lineId);
    if (lineWaiting != null && lineWaiting.remove(ticket) && lineWaiting.isEmpty()) {
      waiting.remove(ticket.lineId);
    }
  }

  /** The frames one event causes: ticket frames as they happen, then one frame per changed line. */
  private final class Batch {

    final List<JsonObject> frames = new ArrayList<>();
    final Set<String> dirtyLines = new LinkedHashSet<>();

    void dirty(String lineId) {
      dirtyLines.add(lineId);
    }

    /** The ticket as watchers see it before a change; null while nobody watches. */
    JsonObject before(LiveTicket ticket) {
      return watched ? ticket.toJson() : null;
    }

    void ticket(LiveTicket ticket) {
      if (!watched) {
        return;
      }
      frames.add(Frames.ticket(++seq, ticket.toJson()));
      dirty(ticket.lineId);
    }

    void ticketIfChanged(LiveTicket ticket, JsonObject before) {
      if (watched && !before.equals(ticket.toJson())) {
        ticket(ticket);
      }
    }

    void removed(LiveTicket ticket) {
      if (!watched) {
        return;
      }
      frames.add(Frames.ticketRemoved(++seq, ticket.ticketId, ticket.lineId));
      dirty(ticket.lineId);
    }

    List<JsonObject> finish() {
      if (!watched) {
        return frames;
      }
      Instant now = clock.instant();
      for (String lineId : dirtyLines) {
        LineFigures line = figures(lineId);
        JsonObject rendered = render(line, now);
        if (!rendered.equals(line.lastSent)) {
          line.lastSent = rendered;
          frames.add(Frames.line(++seq, rendered.copy()));
        }
      }
      return frames;
    }
  }
}
