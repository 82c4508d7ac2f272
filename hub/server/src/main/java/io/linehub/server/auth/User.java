package io.linehub.server.auth;

import io.linehub.api.auth.Role;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** A Linehub user as stored; {@link #toJson()} is its public form (never the password hash). */
public record User(
    long id,
    String login,
    String displayName,
    Role role,
    String extension,
    boolean active,
    String passwordHash,
    Instant createdAt,
    Instant updatedAt) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("login", login)
        .put("displayName", displayName)
        .put("role", role.wire())
        .put("extension", extension)
        .put("active", active)
        .put("createdAt", createdAt.toString())
        .put("updatedAt", updatedAt.toString());
  }
}
