package io.linehub.api.web;

import io.linehub.api.auth.TokenEvents;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.auth.authentication.TokenCredentials;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signed-in users' WebSockets open on this node, closed when their token stops being good. A
 * sign-out, a deactivation, a new role or a new password refuses the user's older tokens at once on
 * every request and upgrade; a socket already open is checked again when {@link TokenEvents#RECHECK}
 * names its user, as if it connected anew, and closed with {@link #REVOKED} when refused.
 */
public final class OpenSockets {

  /** The close code of a socket whose token is no longer good: sign in again. */
  public static final short REVOKED = 4401;

  private static final Logger LOG = LoggerFactory.getLogger(OpenSockets.class);

  private record Open(String token, ServerWebSocket ws) {
  }

  private final Vertx vertx;
  private final AuthenticationProvider tokens;
  private final Map<Long, Set<Open>> byUser = new ConcurrentHashMap<>();

  public OpenSockets(Vertx vertx, AuthenticationProvider tokens) {
    this.vertx = vertx;
    this.tokens = tokens;
  }

  /** Listens on this node only: {@link TokenEvents#RECHECK} is published locally by the node that forgot. */
  public Future<Void> start() {
    return vertx.eventBus().<Long>localConsumer(TokenEvents.RECHECK, m -> recheck(m.body())).completion();
  }

  /**
   * Follows {@code ws}, which {@code userId} opened with {@code token}; the action returned forgets
   * it again: call it when the socket closes.
   */
  public Runnable add(long userId, String token, ServerWebSocket ws) {
    Open open = new Open(token, ws);
    byUser.computeIfAbsent(userId, id -> ConcurrentHashMap.newKeySet()).add(open);
    return () -> byUser.computeIfPresent(userId, (id, sockets) -> {
      sockets.remove(open);
      return sockets.isEmpty() ? null : sockets;
    });
  }

  private void recheck(long userId) {
    Set<Open> sockets = byUser.get(userId);
    if (sockets == null) {
      return;
    }
    for (Open open : List.copyOf(sockets)) {
      tokens.authenticate(new TokenCredentials(open.token())).onFailure(refused -> {
        if (!open.ws().isClosed()) {
          LOG.info("Closing a socket of user {}: its token is no longer good ({})", userId, refused.getMessage());
          open.ws().close(REVOKED, "signed out: sign in again");
        }
      });
    }
  }
}
