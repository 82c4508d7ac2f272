package io.linehub.crm.store;

import io.linehub.crm.link.NormalIdentity;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/** Small conversions shared by the PostgreSQL stores. */
public final class Sql {

  /**
   * Takes the advisory locks one by one in array order (the keys come sorted): a function scan of
   * unnest yields elements in order and the ORDER BY only restates it, never reorders a volatile call.
   */
  private static final String LOCK = "SELECT pg_advisory_xact_lock(k) FROM unnest($1::bigint[]) WITH ORDINALITY AS t(k, i)"
      + " ORDER BY i";

  private Sql() {
  }

  public static Future<Void> lock(SqlClient tx, Long[] keys) {
    return tx.preparedQuery(LOCK).execute(Tuple.of(keys)).mapEmpty();
  }

  public static OffsetDateTime ts(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  public static Instant instant(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }

  public static String wire(Enum<?> value) {
    return value == null ? null : value.name().toLowerCase(Locale.ROOT);
  }

  public static String[] types(List<NormalIdentity> identities) {
    return identities.stream().map(NormalIdentity::wire).toArray(String[]::new);
  }

  public static String[] values(List<NormalIdentity> identities) {
    return identities.stream().map(NormalIdentity::value).toArray(String[]::new);
  }
}
