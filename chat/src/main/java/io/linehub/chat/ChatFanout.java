package io.linehub.chat;

import io.linehub.api.chat.ChatAddresses;
import io.linehub.api.chat.ChatMessage;
import io.linehub.api.chat.DeliveryStatus;
import io.linehub.api.chat.MembersChanged;
import io.linehub.api.chat.PersonPresence;
import io.linehub.api.chat.ReadReceipt;
import io.linehub.api.chat.Typing;
import io.linehub.api.routing.AgentState;
import io.linehub.api.routing.Assigned;
import io.linehub.api.routing.OfferJson;
import io.linehub.api.routing.OfferWithdrawn;
import io.linehub.api.routing.Offered;
import io.linehub.api.routing.PresenceChanged;
import io.linehub.api.routing.RoutingAddresses;
import io.linehub.api.sip.CallEnded;
import io.linehub.api.sip.CallEvent;
import io.linehub.api.sip.SipAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's side of the chat fan-out: one consumer per chat address (not one per connection),
 * which hands each event to the local connections it concerns. The events come over the event bus,
 * published by whichever node stored the message, so the same code serves a cluster.
 *
 * <p>Thread-safe: connections live on several event loops and register from theirs; each
 * {@link ChatSession} takes the event onto its own context.
 */
public final class ChatFanout {

  private final Vertx vertx;
  private final Map<Long, Set<ChatSession>> byDialog = new ConcurrentHashMap<>();
  private final Map<Long, Set<ChatSession>> byUser = new ConcurrentHashMap<>();
  /** Who watches whose presence (the people a connection asked about with {@code watch}). */
  private final Map<Long, Set<ChatSession>> byWatched = new ConcurrentHashMap<>();
  private final Presence presence = new Presence(java.time.Clock.systemUTC());
  private List<MessageConsumer<?>> consumers = List.of();

  public ChatFanout(Vertx vertx) {
    this.vertx = vertx;
  }

  public Future<Void> start() {
    var bus = vertx.eventBus();
    consumers = List.of(
        bus.<ChatMessage>consumer(ChatAddresses.POSTED, m -> each(byDialog, m.body().dialogId(),
            s -> s.posted(m.body()))),
        bus.<ChatMessage>consumer(ChatAddresses.CHANGED, m -> each(byDialog, m.body().dialogId(),
            s -> s.changed(m.body()))),
        bus.<ReadReceipt>consumer(ChatAddresses.READ, m -> each(byDialog, m.body().dialogId(),
            s -> s.read(m.body()))),
        bus.<Typing>consumer(ChatAddresses.TYPING, m -> each(byDialog, m.body().dialogId(),
            s -> s.typing(m.body()))),
        bus.<MembersChanged>consumer(ChatAddresses.MEMBERS_CHANGED, m -> membersChanged(m.body())),
        bus.<DeliveryStatus>consumer(ChatAddresses.DELIVERY, m -> each(byDialog, m.body().dialogId(),
            s -> s.delivery(m.body()))),
        bus.<PersonPresence>consumer(ChatAddresses.PRESENCE, m -> each(byWatched, m.body().userId(),
            s -> s.presence(m.body()))),
        // The agent workspace's frames: offers (with the screen pop), withdrawals, assignments.
        bus.<Offered>consumer(RoutingAddresses.OFFERED, m -> {
          JsonObject offer = OfferJson.of(m.body());
          m.body().agentIds().forEach(agentId -> each(byUser, agentId, s -> s.workspace("offer", offer)));
        }),
        bus.<OfferWithdrawn>consumer(RoutingAddresses.OFFER_WITHDRAWN, m -> {
          JsonObject withdrawn = new JsonObject().put("ticketId", m.body().ticketId())
              .put("reason", m.body().reason().name().toLowerCase(java.util.Locale.ROOT));
          m.body().agentIds().forEach(agentId -> each(byUser, agentId, s -> s.workspace("offer_withdrawn", withdrawn)));
        }),
        bus.<Assigned>consumer(RoutingAddresses.ASSIGNED, m -> each(byUser, m.body().agentId(),
            s -> s.workspace("assigned", new JsonObject().put("ticketId", m.body().ticketId())
                .put("lineId", m.body().lineId()).put("media", m.body().media().name().toLowerCase(java.util.Locale.ROOT))
                .put("assignedAt", m.body().assignedAt().toString())))),
        // An agent who sets themselves away in the workspace is away in chat too; the agent's own
        // connections get their routing state (ringing, on a call, wrap-up… follow from calls).
        bus.<PresenceChanged>consumer(RoutingAddresses.PRESENCE_CHANGED, m -> {
          publish(presence.away(m.body().agentId(), m.body().state() == AgentState.AWAY));
          each(byUser, m.body().agentId(), s -> s.workspace("state", WorkspaceJson.state(m.body())));
        }),
        // The calls an agent is in, step by step, for the workspace's call view.
        bus.<CallEvent>consumer(SipAddresses.CALL_EVENT, m -> {
          if (m.body().agentId() != null) {
            each(byUser, m.body().agentId(), s -> s.workspace("call", WorkspaceJson.call(m.body())));
          }
        }),
        bus.<CallEnded>consumer(SipAddresses.CALL_ENDED, m -> {
          JsonObject ended = WorkspaceJson.ended(m.body());
          new java.util.LinkedHashSet<>(m.body().agentIds()).forEach(agentId -> each(byUser, agentId,
              s -> s.workspace("call", ended)));
        }));
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).mapEmpty();
  }

  public Future<Void> stop() {
    return Future.all(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
  }

  void register(ChatSession session) {
    byUser.computeIfAbsent(session.userId(), id -> ConcurrentHashMap.newKeySet()).add(session);
    publish(presence.connected(session.userId()));
  }

  /** The connection wants {@code userId}'s presence changes; returns the presence now. */
  PersonPresence watch(ChatSession session, long userId) {
    byWatched.computeIfAbsent(userId, id -> ConcurrentHashMap.newKeySet()).add(session);
    return presence.of(userId);
  }

  /** A person's presence as this node knows it. */
  PersonPresence presenceOf(long userId) {
    return presence.of(userId);
  }

  private void publish(java.util.Optional<PersonPresence> change) {
    change.ifPresent(p -> vertx.eventBus().publish(ChatAddresses.PRESENCE, p));
  }

  void subscribe(ChatSession session, long dialogId) {
    byDialog.computeIfAbsent(dialogId, id -> ConcurrentHashMap.newKeySet()).add(session);
  }

  void unsubscribe(ChatSession session, long dialogId) {
    Set<ChatSession> sessions = byDialog.get(dialogId);
    if (sessions != null) {
      sessions.remove(session);
      if (sessions.isEmpty()) {
        byDialog.remove(dialogId, sessions);
      }
    }
  }

  void unregister(ChatSession session, Iterable<Long> dialogs, Iterable<Long> watched) {
    dialogs.forEach(dialogId -> unsubscribe(session, dialogId));
    watched.forEach(userId -> {
      Set<ChatSession> watchers = byWatched.get(userId);
      if (watchers != null) {
        watchers.remove(session);
        if (watchers.isEmpty()) {
          byWatched.remove(userId, watchers);
        }
      }
    });
    publish(presence.disconnected(session.userId()));
    Set<ChatSession> sessions = byUser.get(session.userId());
    if (sessions != null) {
      sessions.remove(session);
      if (sessions.isEmpty()) {
        byUser.remove(session.userId(), sessions);
      }
    }
  }

  /** Connections open on this node, for the metrics. */
  public int connections() {
    return byUser.values().stream().mapToInt(Set::size).sum();
  }

  private void membersChanged(MembersChanged change) {
    change.joined().forEach(userId -> each(byUser, userId, s -> s.joined(change)));
    change.left().forEach(userId -> each(byUser, userId, s -> s.left(change)));
    each(byDialog, change.dialogId(), s -> s.membersChanged(change));
  }

  private static void each(Map<Long, Set<ChatSession>> index, long key,
      java.util.function.Consumer<ChatSession> action) {
    Set<ChatSession> sessions = index.get(key);
    if (sessions != null) {
      sessions.forEach(action);
    }
  }
}
