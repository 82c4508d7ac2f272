package io.linehub.crm.telephony;

import io.linehub.api.crm.Outcome;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.UUID;

/** Rows of {@code crm.external_calls}; methods run on the client given (a transaction or the pool). */
public interface ExternalCallStore {

  Future<ExternalCall> byExternalId(SqlClient client, String externalId);

  Future<ExternalCall> byCallId(SqlClient client, UUID callId);

  Future<Void> insert(SqlClient client, ExternalCall call);

  Future<Void> finish(SqlClient client, UUID callId, Outcome outcome, Integer durationSec, Integer sipCode,
      long activityId);
}
