package io.linehub.server.sip;

import io.linehub.sip.SipBindingStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The registrar's bindings on {@code hub.sip_bindings} (V11). */
public final class PgSipBindings implements SipBindingStore {

  private static final String DELETE = "DELETE FROM hub.sip_bindings WHERE extension = $1";
  private static final String INSERT = """
      INSERT INTO hub.sip_bindings (extension, contact, agent_id, expires_at)
      SELECT $1, c, $2, e FROM unnest($3::text[], $4::timestamptz[]) AS u(c, e)""";
  private static final String LIVE = """
      SELECT b.extension, b.contact, b.agent_id, b.expires_at FROM hub.sip_bindings b
      JOIN hub.users u ON u.id = b.agent_id AND u.active AND u.extension = b.extension
      WHERE b.expires_at > $1
      ORDER BY b.extension, b.expires_at""";

  private final Pool pool;

  public PgSipBindings(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Void> replace(String extension, List<Stored> contacts) {
    return pool.withTransaction(tx -> {
      Future<?> deleted = tx.preparedQuery(DELETE).execute(Tuple.of(extension));
      if (contacts.isEmpty()) {
        return deleted.mapEmpty();
      }
      String[] uris = contacts.stream().map(Stored::contact).toArray(String[]::new);
      OffsetDateTime[] expires = contacts.stream().map(c -> c.expires().atOffset(ZoneOffset.UTC))
          .toArray(OffsetDateTime[]::new);
      return deleted.compose(ignored -> tx.preparedQuery(INSERT)
          .execute(Tuple.of(extension, contacts.get(0).agentId(), uris, expires))).mapEmpty();
    });
  }

  @Override
  public Future<List<Stored>> live(Instant now) {
    return pool.preparedQuery(LIVE).execute(Tuple.of(now.atOffset(ZoneOffset.UTC))).map(rows -> {
      List<Stored> out = new ArrayList<>();
      for (Row row : rows) {
        out.add(new Stored(row.getLong("agent_id"), row.getString("extension"), row.getString("contact"),
            row.getOffsetDateTime("expires_at").toInstant()));
      }
      return out;
    });
  }
}
