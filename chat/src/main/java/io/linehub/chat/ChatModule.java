package io.linehub.chat;

import io.linehub.api.web.ApiRoutes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.sqlclient.Pool;

/**
 * chat as the hub sees it: built with the shared pool and the token checker, it offers the REST
 * routes, the {@code /ws} WebSocket (mounted on the root router) and this node's fan-out, which
 * {@link #start()} subscribes to the chat events.
 */
public final class ChatModule {

  private final Chat chat;
  private final ChatFanout fanout;
  private final ChatApi api;
  private final ChatSocket socket;

  public ChatModule(Vertx vertx, Pool pool, AuthenticationProvider tokens) {
    this.chat = new Chat(vertx, new PgChatStore(pool));
    this.fanout = new ChatFanout(vertx);
    this.api = new ChatApi(chat, fanout);
    this.socket = new ChatSocket(tokens, chat, fanout);
  }

  public Chat chat() {
    return chat;
  }

  /** REST under {@code /api/v1}. */
  public ApiRoutes routes() {
    return api;
  }

  /** The WebSocket, on the root router. */
  public ApiRoutes socket() {
    return socket;
  }

  public Future<Void> start() {
    return fanout.start();
  }

  public Future<Void> stop() {
    return fanout.stop();
  }

  /** Chat connections open on this node. */
  public int connections() {
    return fanout.connections();
  }
}
