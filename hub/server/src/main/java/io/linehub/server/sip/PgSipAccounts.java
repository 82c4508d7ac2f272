package io.linehub.server.sip;

import io.linehub.sip.SipAccounts;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowIterator;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/** SIP credentials on {@code hub.sip_credentials} (V5), valid only for the user's current extension and realm. */
public final class PgSipAccounts implements SipAccounts {

  private static final String BY_EXTENSION = """
      SELECT u.id, u.extension, c.ha1 FROM hub.users u JOIN hub.sip_credentials c ON c.user_id = u.id
      WHERE u.extension = $1 AND u.active AND c.extension = u.extension AND c.realm = $2""";
  private static final String SET = """
      INSERT INTO hub.sip_credentials (user_id, extension, realm, ha1) VALUES ($1, $2, $3, $4)
      ON CONFLICT (user_id) DO UPDATE SET extension = excluded.extension, realm = excluded.realm,
        ha1 = excluded.ha1, updated_at = now()""";

  private final Pool pool;
  private final String realm;

  public PgSipAccounts(Pool pool, String realm) {
    this.pool = pool;
    this.realm = realm;
  }

  public String realm() {
    return realm;
  }

  @Override
  public Future<Optional<Account>> byExtension(String extension) {
    return pool.preparedQuery(BY_EXTENSION).execute(Tuple.of(extension, realm)).map(rows -> {
      RowIterator<Row> it = rows.iterator();
      if (!it.hasNext()) {
        return Optional.empty();
      }
      Row row = it.next();
      return Optional.of(new Account(row.getLong("id"), row.getString("extension"), row.getString("ha1")));
    });
  }

  public Future<Void> set(long userId, String extension, String ha1) {
    return pool.preparedQuery(SET).execute(Tuple.of(userId, extension, realm, ha1)).mapEmpty();
  }
}
