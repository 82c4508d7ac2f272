package io.linehub.server.sip;

import io.linehub.api.error.LinehubException;
import io.linehub.sip.Trunk;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Trunks on {@code hub.trunks} (V6). */
public final class PgTrunkStore {

  private static final String COLUMNS = "id, name, host, port, transport, inbound_addresses, username, password, "
      + "register, register_expires, outbound, caller_id";

  private final Pool pool;

  public PgTrunkStore(Pool pool) {
    this.pool = pool;
  }

  public Future<List<Trunk>> all() {
    return pool.query("SELECT " + COLUMNS + " FROM hub.trunks ORDER BY id").execute().map(rows -> {
      List<Trunk> out = new ArrayList<>();
      rows.forEach(row -> out.add(trunk(row)));
      return out;
    });
  }

  public Future<Optional<Trunk>> byId(String id) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM hub.trunks WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.<Trunk>empty() : Optional.of(trunk(rows.iterator().next())));
  }

  /** Creates or replaces; true when it was new. */
  public Future<Boolean> put(Trunk t) {
    return pool.preparedQuery("""
        INSERT INTO hub.trunks (id, name, host, port, transport, inbound_addresses, username, password, register,
                                register_expires, outbound, caller_id)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, host = excluded.host, port = excluded.port,
          transport = excluded.transport, inbound_addresses = excluded.inbound_addresses,
          username = excluded.username, password = excluded.password, register = excluded.register,
          register_expires = excluded.register_expires, outbound = excluded.outbound,
          caller_id = excluded.caller_id, updated_at = now()
        RETURNING (xmax = 0) AS created""")
        .execute(Tuple.tuple().addValue(t.id()).addValue(t.name()).addValue(t.host()).addValue(t.port())
            .addValue(t.transport()).addValue(t.inboundAddresses().toArray(new String[0])).addValue(t.username())
            .addValue(t.password()).addValue(t.register()).addValue(t.registerExpires()).addValue(t.outbound())
            .addValue(t.callerId()))
        .map(rows -> rows.iterator().next().getBoolean("created"))
        .recover(e -> Future.failedFuture(e instanceof PgException pg && "23514".equals(pg.getSqlState())
            ? LinehubException.badRequest("trunk: a value is out of range") : e));
  }

  public Future<Boolean> delete(String id) {
    return pool.preparedQuery("DELETE FROM hub.trunks WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> rows.rowCount() > 0);
  }

  private static Trunk trunk(Row row) {
    return new Trunk(row.getString("id"), row.getString("name"), row.getString("host"), row.getInteger("port"),
        row.getString("transport"), Arrays.asList(row.getArrayOfStrings("inbound_addresses")),
        row.getString("username"), row.getString("password"), row.getBoolean("register"),
        row.getInteger("register_expires"), row.getBoolean("outbound"), row.getString("caller_id"));
  }
}
