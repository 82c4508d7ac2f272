package io.linehub.crm.store;

import io.linehub.crm.link.NormalIdentity;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowIterator;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/**
 * Who is responsible for a customer, by the same precedence linking uses (earlier identity first,
 * then a contact before a company before a lead, oldest record on a tie), live records only.
 * A plain read without the linking locks: it answers routing, which only needs a good guess.
 */
public final class PgOwnerStore {

  private static final String RESPONSIBLE = """
      SELECT crm.responsible_of(o.entity_type, o.entity_id) AS responsible
      FROM crm.identity_owners($1::text[], $2::text[]) o
      WHERE o.live
      ORDER BY o.ord, o.rank, o.entity_id
      LIMIT 1""";

  private final Pool pool;

  public PgOwnerStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Long> responsible(List<NormalIdentity> identities) {
    if (identities.isEmpty()) {
      return Future.succeededFuture(null);
    }
    String[] types = identities.stream().map(NormalIdentity::wire).toArray(String[]::new);
    String[] values = identities.stream().map(NormalIdentity::value).toArray(String[]::new);
    return pool.preparedQuery(RESPONSIBLE)
        .execute(Tuple.tuple().addValue(types).addValue(values))
        .map(rows -> {
          RowIterator<Row> it = rows.iterator();
          return it.hasNext() ? it.next().getLong("responsible") : null;
        });
  }
}
