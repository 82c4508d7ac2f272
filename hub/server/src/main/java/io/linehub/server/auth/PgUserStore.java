package io.linehub.server.auth;

import io.linehub.api.auth.Role;
import io.linehub.api.error.LinehubException;
import io.linehub.api.web.Page;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link UserStore} on PostgreSQL, table {@code hub.users}. */
public final class PgUserStore implements UserStore {

  private static final String COLUMNS =
      "id, login, display_name, role, extension, active, password_hash, created_at, updated_at";

  private final Pool pool;

  public PgUserStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<User> create(NewUser user) {
    return pool.preparedQuery("INSERT INTO hub.users (login, display_name, role, extension, password_hash) "
            + "VALUES ($1, $2, $3, $4, $5) RETURNING " + COLUMNS)
        .execute(Tuple.of(user.login(), user.displayName(), user.role().wire(), user.extension(), user.passwordHash()))
        .recover(PgUserStore::uniqueViolation)
        .map(rows -> map(rows.iterator().next()));
  }

  @Override
  public Future<Optional<User>> byId(long id) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM hub.users WHERE id = $1")
        .execute(Tuple.of(id))
        .map(PgUserStore::first);
  }

  @Override
  public Future<Optional<User>> byLogin(String login) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM hub.users WHERE login = $1")
        .execute(Tuple.of(login))
        .map(PgUserStore::first);
  }

  @Override
  public Future<List<User>> list(Page page) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM hub.users ORDER BY id LIMIT $1 OFFSET $2")
        .execute(Tuple.of(page.limit(), page.offset()))
        .map(rows -> {
          List<User> users = new ArrayList<>(rows.size());
          rows.forEach(row -> users.add(map(row)));
          return users;
        });
  }

  @Override
  public Future<Void> revokeTokens(long id) {
    return pool.preparedQuery("UPDATE hub.users SET tokens_valid_after = now() WHERE id = $1")
        .execute(Tuple.of(id)).mapEmpty();
  }

  /** Whether the user's tokens may be used: active, and since when (null: any). Empty for no such user. */
  public Future<Optional<TokenGate.Standing>> standing(long id) {
    return pool.preparedQuery("SELECT active, tokens_valid_after FROM hub.users WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> {
          var it = rows.iterator();
          if (!it.hasNext()) {
            return Optional.empty();
          }
          Row row = it.next();
          var after = row.getOffsetDateTime("tokens_valid_after");
          return Optional.of(new TokenGate.Standing(row.getBoolean("active"),
              after == null ? null : after.toInstant()));
        });
  }

  @Override
  public Future<Long> count() {
    return pool.query("SELECT count(*) FROM hub.users").execute()
        .map(rows -> rows.iterator().next().getLong(0));
  }

  @Override
  public Future<Optional<User>> update(long id, UserPatch patch) {
    return pool.preparedQuery("UPDATE hub.users SET "
            + "display_name = coalesce($2, display_name), "
            + "role = coalesce($3, role), "
            + "extension = CASE WHEN $4 THEN NULL ELSE coalesce($5, extension) END, "
            + "password_hash = coalesce($6, password_hash), "
            + "active = coalesce($7, active), "
            // A new role, a new password or a deactivation ends every token issued before (V12).
            + "tokens_valid_after = CASE WHEN ($3 IS NOT NULL AND $3 <> role) OR $6 IS NOT NULL "
            + "OR ($7 IS NOT NULL AND NOT $7) THEN now() ELSE tokens_valid_after END, "
            + "updated_at = now() "
            + "WHERE id = $1 RETURNING " + COLUMNS)
        .execute(Tuple.tuple()
            .addLong(id)
            .addString(patch.displayName())
            .addString(patch.role() == null ? null : patch.role().wire())
            .addBoolean(patch.clearExtension())
            .addString(patch.extension())
            .addString(patch.passwordHash())
            .addBoolean(patch.active()))
        .recover(PgUserStore::uniqueViolation)
        .map(PgUserStore::first);
  }

  private static Optional<User> first(RowSet<Row> rows) {
    var it = rows.iterator();
    return it.hasNext() ? Optional.of(map(it.next())) : Optional.empty();
  }

  private static <T> Future<T> uniqueViolation(Throwable failure) {
    if (failure instanceof PgException pg && "23505".equals(pg.getSqlState())) {
      String field = pg.getConstraint() != null && pg.getConstraint().contains("extension") ? "extension" : "login";
      return Future.failedFuture(LinehubException.conflict(field + ": already taken by another user"));
    }
    if (failure instanceof PgException pg && "23514".equals(pg.getSqlState())) {
      String field = pg.getConstraint() != null && pg.getConstraint().contains("extension") ? "extension" : "login";
      return Future.failedFuture(LinehubException.badRequest(field + ": invalid format"));
    }
    return Future.failedFuture(failure);
  }

  private static User map(Row row) {
    return new User(
        row.getLong("id"),
        row.getString("login"),
        row.getString("display_name"),
        Role.parse(row.getString("role")),
        row.getString("extension"),
        row.getBoolean("active"),
        row.getString("password_hash"),
        row.getOffsetDateTime("created_at").toInstant(),
        row.getOffsetDateTime("updated_at").toInstant());
  }
}
