package io.linehub.openlines;

import io.linehub.api.chat.ChatAddresses;
import io.linehub.api.chat.ChatMessage;
import io.linehub.api.chat.ReadReceipt;
import io.linehub.api.chat.Typing;
import io.linehub.api.error.LinehubException;
import io.linehub.api.web.ApiRoutes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET /site/ws?channel=<id>&token=<visitor token>}: the website visitor's WebSocket
 * (docs/site-chat-protocol.md). The token is checked before the upgrade (401). This class is also
 * the node's fan-out for visitors: one consumer per chat address hands each event to the sockets of
 * the dialog (or, for a session's first dialog, of the customer) it concerns.
 */
final class VisitorSocket implements ApiRoutes {

  static final String PATH = "/site/ws";

  private final Vertx vertx;
  private final SiteApi site;
  private final Engine engine;
  /** The visitors' files: what their messages may carry. */
  final VisitorFiles files;
  /** Operators' names for the visitors' frames. */
  final OperatorNames operatorNames;
  private final Map<Long, Set<VisitorSession>> byDialog = new ConcurrentHashMap<>();
  private final Map<String, Set<VisitorSession>> byCustomer = new ConcurrentHashMap<>();
  private List<MessageConsumer<?>> consumers = List.of();

  VisitorSocket(Vertx vertx, SiteApi site, Engine engine, VisitorFiles files) {
    this.files = files;
    this.operatorNames = new OperatorNames(vertx);
    this.vertx = vertx;
    this.site = site;
    this.engine = engine;
  }

  @Override
  public void mount(Router root) {
    root.get(PATH).handler(this::upgrade);
  }

  Future<Void> start() {
    var bus = vertx.eventBus();
    consumers = List.of(
        bus.<ChatMessage>consumer(ChatAddresses.POSTED, m -> each(m.body().dialogId(), s -> s.posted(m.body()))),
        bus.<ChatMessage>consumer(ChatAddresses.CHANGED, m -> each(m.body().dialogId(), s -> s.changed(m.body()))),
        bus.<Typing>consumer(ChatAddresses.TYPING, m -> each(m.body().dialogId(), s -> s.typing(m.body()))),
        bus.<ReadReceipt>consumer(ChatAddresses.READ, m -> each(m.body().dialogId(), s -> s.read(m.body()))),
        bus.<JsonObject>consumer(Engine.SITE_DIALOG, m -> {
          Set<VisitorSession> sessions = byCustomer.get(m.body().getString("channelId") + "\n"
              + m.body().getString("customerKey"));
          if (sessions != null) {
            sessions.forEach(s -> s.newDialog(m.body().getLong("dialogId")));
          }
        }));
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).mapEmpty();
  }

  Future<Void> stop() {
    return Future.all(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
  }

  private void upgrade(RoutingContext ctx) {
    if (!ctx.request().canUpgradeToWebSocket()) {
      ctx.fail(LinehubException.badRequest("this path is a WebSocket: send an upgrade request"));
      return;
    }
    String channelId = ctx.request().getParam("channel");
    String token = ctx.request().getParam("token");
    if (channelId == null || token == null) {
      ctx.fail(LinehubException.unauthorized("channel and token are required"));
      return;
    }
    // Held until the checks below (database reads) are done: an ended request can no longer upgrade.
    ctx.request().pause();
    site.visited(channelId, token)
        .compose(found -> ctx.request().toWebSocket().map(ws -> new VisitorSession(vertx, ws, found.channel(),
            found.visitor(), engine, this)))
        .onSuccess(VisitorSession::start)
        .onFailure(ctx::fail);
  }

  void register(VisitorSession session) {
    byCustomer.computeIfAbsent(session.customerIndex(), k -> ConcurrentHashMap.newKeySet()).add(session);
  }

  void follow(VisitorSession session, long dialogId) {
    byDialog.computeIfAbsent(dialogId, k -> ConcurrentHashMap.newKeySet()).add(session);
  }

  void unregister(VisitorSession session, Long dialogId) {
    remove(byCustomer, session.customerIndex(), session);
    if (dialogId != null) {
      remove(byDialog, dialogId, session);
    }
  }

  int connections() {
    return byCustomer.values().stream().mapToInt(Set::size).sum();
  }

  private static <K> void remove(Map<K, Set<VisitorSession>> index, K key, VisitorSession session) {
    index.computeIfPresent(key, (k, set) -> {
      set.remove(session);
      return set.isEmpty() ? null : set;
    });
  }

  private void each(long dialogId, java.util.function.Consumer<VisitorSession> action) {
    Set<VisitorSession> sessions = byDialog.get(dialogId);
    if (sessions != null) {
      sessions.forEach(action);
    }
  }
}
