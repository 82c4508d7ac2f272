package io.linehub.server.auth;

import io.linehub.api.auth.TokenEvents;
import io.linehub.api.error.LinehubException;
import io.linehub.api.web.OpenSockets;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.Credentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hub's tokens, checked against the user as they are now: a signed, unexpired token of a user
 * who was deactivated, signed out, got a new role or a new password since it was issued is
 * refused (401) on the REST API, on every WebSocket upgrade and on uploads — they all verify
 * tokens through this provider. Each user's standing is read once per node and kept until a change
 * is announced on {@link TokenEvents#CHANGED} (published to every node).
 */
public final class TokenGate implements JWTAuth {

  /** Whether a user's tokens may be used: {@code active}, and only those issued at or after {@code validAfter}. */
  public record Standing(boolean active, Instant validAfter) {
  }

  private final Vertx vertx;
  private final JWTAuth tokens;
  private final PgUserStore users;
  /** Standings read, as values: a pending read is never shared, so each request goes on on its own context. */
  private final Map<Long, Optional<Standing>> standings = new ConcurrentHashMap<>();
  /** Bumped by every change: a read that started before one is not kept (it may predate the commit). */
  private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();

  public TokenGate(Vertx vertx, JWTAuth tokens, PgUserStore users) {
    this.vertx = vertx;
    this.tokens = tokens;
    this.users = users;
  }

  /**
   * Listens for changes announced by any node; once this node has forgotten what it kept, its open
   * sockets of that user check their token again ({@link OpenSockets}).
   */
  public Future<Void> start() {
    return vertx.eventBus().<Long>consumer(TokenEvents.CHANGED, m -> {
      forget(m.body());
      vertx.eventBus().publish(TokenEvents.RECHECK, m.body(), new DeliveryOptions().setLocalOnly(true));
    }).completion();
  }

  /** After a change of the user's standing was committed: every node reads it again. */
  public void changed(long userId) {
    forget(userId);
    vertx.eventBus().publish(TokenEvents.CHANGED, userId);
  }

  private void forget(long userId) {
    changes.incrementAndGet();
    standings.remove(userId);
  }

  @Override
  public Future<User> authenticate(Credentials credentials) {
    return tokens.authenticate(credentials).compose(user -> {
      long userId;
      try {
        userId = io.linehub.api.auth.Caller.of(user).userId();
      } catch (RuntimeException e) {
        return Future.failedFuture(LinehubException.unauthorized("invalid token"));
      }
      // Vert.x keeps the registered time claims in the user's attributes, not in the principal.
      Long issued = user.attributes().getLong("iat");
      return standing(userId).compose(standing -> {
        if (standing.isEmpty() || !standing.get().active()) {
          return Future.failedFuture(LinehubException.unauthorized("this account is not active"));
        }
        Instant after = standing.get().validAfter();
        // iat is whole seconds, rounded down: a token from the second of a sign-out counts as before
        // it (a sign-in within that second is refused and simply repeated; an old token never passes).
        if (after != null && (issued == null || issued * 1000 <= after.toEpochMilli())) {
          return Future.failedFuture(LinehubException.unauthorized("this token has been signed out"));
        }
        return Future.succeededFuture(user);
      });
    });
  }

  private Future<Optional<Standing>> standing(long userId) {
    Optional<Standing> known = standings.get(userId);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    long before = changes.get();
    // Read on the caller's context (the pool completes there); kept unless a change came meanwhile.
    return users.standing(userId).onSuccess(read -> {
      if (changes.get() == before) {
        standings.put(userId, read);
      }
    });
  }

  @Override
  public String generateToken(JsonObject claims, JWTOptions options) {
    return tokens.generateToken(claims, options);
  }

  @Override
  public String generateToken(JsonObject claims) {
    return tokens.generateToken(claims);
  }
}
