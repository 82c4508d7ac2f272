package io.linehub.server.auth;

import io.linehub.api.auth.Role;
import io.linehub.api.web.Page;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** Persistence of users. Duplicate login or extension fails with a CONFLICT naming the field. */
public interface UserStore {

  record NewUser(String login, String displayName, Role role, String extension, String passwordHash) {
  }

  /** Fields to change; null means unchanged, except {@code clearExtension}. */
  record UserPatch(String displayName, Role role, String extension, boolean clearExtension, String passwordHash,
      Boolean active) {
  }

  Future<User> create(NewUser user);

  Future<Optional<User>> byId(long id);

  Future<Optional<User>> byLogin(String login);

  Future<List<User>> list(Page page);

  Future<Long> count();

  Future<Optional<User>> update(long id, UserPatch patch);

  /** Ends every token issued to the user until now (signing out). */
  Future<Void> revokeTokens(long id);
}
