package io.linehub.server.auth;

import io.linehub.api.auth.Role;
import io.linehub.api.error.LinehubException;
import io.linehub.server.ops.HubMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Sign-in and account changes: the KDF runs on worker threads, tokens carry the user id as
 * subject plus login and role, so API handlers authorise without a database round trip.
 */
public final class Accounts {

  /** A hash to verify against when the login is unknown, so both failures take the same time. */
  private static final String DUMMY_HASH = new PasswordHasher(PasswordHasher.DEFAULT_ITERATIONS).hash("dummy");
  private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

  private final Vertx vertx;
  private final UserStore users;
  private final PasswordHasher hasher;
  private final TokenGate jwt;
  private final Duration tokenTtl;
  private final HubMetrics metrics;

  public Accounts(Vertx vertx, UserStore users, PasswordHasher hasher, TokenGate jwt, Duration tokenTtl,
      HubMetrics metrics) {
    this.metrics = metrics;
    this.vertx = vertx;
    this.users = users;
    this.hasher = hasher;
    this.jwt = jwt;
    this.tokenTtl = tokenTtl;
  }

  public record Session(String token, Instant expiresAt, User user) {
  }

  public Future<Session> login(String login, String password) {
    return users.byLogin(login.toLowerCase(java.util.Locale.ROOT))
        .compose(found -> vertx.executeBlocking(() -> {
          boolean matches = hasher.verify(password, found.map(User::passwordHash).orElse(DUMMY_HASH));
          return matches && found.get().active() ? found : Optional.<User>empty();
        }, false))
        .onSuccess(user -> metrics.login(user.isPresent()))
        .compose(user -> user
            .map(u -> Future.succeededFuture(issue(u)))
            .orElseGet(() -> Future.failedFuture(LinehubException.unauthorized("wrong login or password"))));
  }

  private Session issue(User user) {
    var claims = new JsonObject().put("login", user.login()).put("role", user.role().wire());
    int ttlSeconds = (int) tokenTtl.toSeconds();
    String token = jwt.generateToken(claims, new JWTOptions()
        .setAlgorithm("HS256")
        .setSubject(Long.toString(user.id()))
        .setExpiresInSeconds(ttlSeconds));
    return new Session(token, Instant.now().plusSeconds(ttlSeconds), user);
  }

  public Future<User> create(String login, String displayName, Role role, String extension, String password) {
    return hash(password).compose(hash ->
        users.create(new UserStore.NewUser(login, displayName, role, extension, hash)));
  }

  public Future<Optional<User>> update(long id, UserStore.UserPatch patch, String newPassword) {
    Future<String> hash = newPassword == null ? Future.succeededFuture(null) : hash(newPassword);
    return hash.compose(h -> users.update(id, new UserStore.UserPatch(patch.displayName(), patch.role(),
            patch.extension(), patch.clearExtension(), h, patch.active())))
        // The update may have ended the user's tokens (a role, a password, a deactivation): every
        // node reads the user's standing again.
        .onSuccess(updated -> jwt.changed(id));
  }

  /** Signing out: every token the user holds now is refused from here on, on every node. */
  public Future<Void> signOut(long id) {
    return users.revokeTokens(id).onSuccess(ignored -> jwt.changed(id));
  }

  /**
   * Creates the {@code admin} user on first start. Returns the generated password when none was
   * configured, so the launcher can print it once; empty when admin already existed or was configured.
   */
  public Future<Optional<String>> bootstrapAdmin(Optional<String> configuredPassword) {
    return users.byLogin("admin").compose(existing -> {
      if (existing.isPresent()) {
        return Future.succeededFuture(Optional.empty());
      }
      String password = configuredPassword.orElseGet(Accounts::generatePassword);
      return create("admin", "Administrator", Role.ADMIN, null, password)
          .map(created -> configuredPassword.isPresent() ? Optional.<String>empty() : Optional.of(password))
          .recover(failure -> failure instanceof LinehubException e && e.code() == io.linehub.api.error.ErrorCode.CONFLICT
              ? Future.succeededFuture(Optional.empty())
              : Future.failedFuture(failure));
    });
  }

  private Future<String> hash(String password) {
    return vertx.executeBlocking(() -> hasher.hash(password), false);
  }

  static String generatePassword() {
    SecureRandom random = new SecureRandom();
    StringBuilder password = new StringBuilder(20);
    for (int i = 0; i < 20; i++) {
      password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return password.toString();
  }
}
