package io.linehub.crm.store;

import io.linehub.api.crm.EntityRef;
import io.linehub.api.crm.Recording;
import io.linehub.api.web.Page;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** Activities as the REST API reads and writes them: the timeline, scheduled tasks, recordings. */
public interface ActivityStore {

  /** A callback or task to schedule on a customer; always created open. */
  record Scheduled(EntityRef entity, String kind, String subject, String body, Instant dueAt, Long responsibleUserId) {
  }

  /** A partial update; {@code given} says which of the nullable fields were present in the request. */
  record Changes(String status, String subject, String body, String result, Instant dueAt, Long responsibleUserId,
      java.util.Set<String> given) {
  }

  /** Newest first, each with its recording; {@code entity}, {@code status} and {@code responsible} filter when set. */
  Future<JsonObject> timeline(EntityRef entity, String status, Long responsibleUserId, Page page);

  Future<JsonObject> get(long id);

  Future<JsonObject> schedule(Scheduled activity);

  Future<JsonObject> update(long id, Changes changes);

  /** Attaches or replaces the recording of an activity. */
  Future<JsonObject> putRecording(long activityId, Recording recording);
}
