package io.linehub.crm.store;

import io.linehub.api.web.Page;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/** Leads, contacts, companies and deals as the REST API reads and writes them (JSON views). */
public interface RecordStore {

  /** Search filters; null means "any". {@code phone} and {@code email} come normalised. */
  record Filter(String phone, String email, String q, String status) {
  }

  /** The page envelope {@code {"items","total","limit","offset"}}, newest first. */
  Future<JsonObject> list(RecordKind kind, Filter filter, Page page);

  /** The record with its {@code phones}, {@code emails} and {@code messengers}; 404 when missing. */
  Future<JsonObject> get(RecordKind kind, long id);

  /** Creates it; 409 when one of its identities already belongs to another live record. */
  Future<JsonObject> create(RecordKind kind, Map<String, Object> values, Communications communications);

  /** Partial update: only the fields in {@code values}; given communications lists replace the stored ones. */
  Future<JsonObject> patch(RecordKind kind, long id, Map<String, Object> values, Communications communications);
}
