package io.linehub.chat;

import io.linehub.api.auth.Caller;
import io.linehub.api.web.ApiRoutes;
import io.linehub.api.web.OpenSockets;
import io.linehub.api.web.RateLimit;
import io.linehub.api.web.SocketAuth;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /ws}: the signed-in people's WebSocket (docs/chat-protocol.md). Mounted on the root
 * router; the token comes as {@code ?access_token=} (browsers cannot set headers on a WebSocket)
 * and is checked before the upgrade, so a refusal is an ordinary 401 JSON answer.
 */
final class ChatSocket implements ApiRoutes {

  static final String PATH = "/ws";

  private final AuthenticationProvider tokens;
  private final Chat chat;
  private final ChatFanout fanout;
  private final OpenSockets open;

  ChatSocket(AuthenticationProvider tokens, Chat chat, ChatFanout fanout, OpenSockets open) {
    this.tokens = tokens;
    this.chat = chat;
    this.fanout = fanout;
    this.open = open;
  }

  @Override
  public void mount(Router root) {
    root.get(PATH).handler(this::upgrade);
  }

  private void upgrade(RoutingContext ctx) {
    SocketAuth.user(ctx, tokens)
        .compose(user -> ctx.request().toWebSocket().map(ws -> {
          Caller caller = Caller.of(user);
          // Closed when the token stops being good (sign-out, deactivation, new role or password).
          Runnable forget = open.add(caller.userId(), SocketAuth.token(ctx.request()), ws);
          return new ChatSession(ctx.vertx(), ws, caller, chat, fanout, RateLimit.standard(), forget);
        }))
        .onSuccess(ChatSession::start)
        .onFailure(ctx::fail);
  }
}
