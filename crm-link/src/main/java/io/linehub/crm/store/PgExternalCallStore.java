package io.linehub.crm.store;

import io.linehub.api.crm.Direction;
import io.linehub.api.crm.Outcome;
import io.linehub.crm.telephony.ExternalCall;
import io.linehub.crm.telephony.ExternalCallStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Locale;
import java.util.UUID;

public final class PgExternalCallStore implements ExternalCallStore {

  private static final String COLUMNS = "SELECT call_id, external_id, direction, phone, line, agent_user_id,"
      + " started_at, entity_type, entity_id, entity_created, activity_id FROM crm.external_calls";
  private static final String INSERT = "INSERT INTO crm.external_calls (call_id, external_id, direction, phone, line,"
      + " agent_user_id, started_at, entity_type, entity_id, entity_created) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
      + " $10)";
  private static final String FINISH = "UPDATE crm.external_calls SET status = 'finished', outcome = $2,"
      + " duration_sec = $3, sip_code = $4, activity_id = $5, finished_at = now() WHERE call_id = $1";

  @Override
  public Future<ExternalCall> byExternalId(SqlClient client, String externalId) {
    return client.preparedQuery(COLUMNS + " WHERE external_id = $1").execute(Tuple.of(externalId))
        .map(PgExternalCallStore::first);
  }

  @Override
  public Future<ExternalCall> byCallId(SqlClient client, UUID callId) {
    return client.preparedQuery(COLUMNS + " WHERE call_id = $1").execute(Tuple.of(callId))
        .map(PgExternalCallStore::first);
  }

  @Override
  public Future<Void> insert(SqlClient client, ExternalCall call) {
    return client.preparedQuery(INSERT)
        .execute(Tuple.tuple().addValue(call.callId()).addValue(call.externalId()).addValue(Sql.wire(call.direction()))
            .addValue(call.phone()).addValue(call.line()).addValue(call.agentUserId())
            .addValue(Sql.ts(call.startedAt()))
            .addValue(call.entity() == null ? null : call.entity().type().wire())
            .addValue(call.entity() == null ? null : call.entity().id()).addValue(call.entityCreated()))
        .mapEmpty();
  }

  @Override
  public Future<Void> finish(SqlClient client, UUID callId, Outcome outcome, Integer durationSec, Integer sipCode,
      long activityId) {
    return client.preparedQuery(FINISH)
        .execute(Tuple.of(callId, Sql.wire(outcome), durationSec, sipCode, activityId))
        .mapEmpty();
  }

  private static ExternalCall first(RowSet<Row> rows) {
    if (rows.size() == 0) {
      return null;
    }
    Row row = rows.iterator().next();
    return new ExternalCall(row.getUUID("call_id"), row.getString("external_id"),
        Direction.valueOf(row.getString("direction").toUpperCase(Locale.ROOT)), row.getString("phone"),
        row.getString("line"), row.getLong("agent_user_id"), Sql.instant(row, "started_at"), PgLinkStore.ref(row),
        row.getBoolean("entity_created"), row.getLong("activity_id"));
  }
}
