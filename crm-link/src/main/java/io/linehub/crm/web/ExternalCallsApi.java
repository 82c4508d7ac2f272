package io.linehub.crm.web;

import io.linehub.api.crm.Direction;
import io.linehub.api.crm.Outcome;
import io.linehub.api.crm.Recording;
import io.linehub.api.error.LinehubException;
import io.linehub.api.web.Fields;
import io.linehub.api.web.Replies;
import io.linehub.crm.link.Normalizer;
import io.linehub.crm.telephony.ExternalCalls;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.UUID;

/** {@code /telephony/external-calls}: calls of PBXs that are not wired over SIP. */
final class ExternalCallsApi {

  /** The finish statuses a PBX reports; abandoned is the hub's own (queue) disposition. */
  enum FinishStatus {
    ANSWERED, MISSED, BUSY, DECLINED, FAILED
  }

  private final ExternalCalls calls;
  private final Normalizer normalizer;

  ExternalCallsApi(ExternalCalls calls, Normalizer normalizer) {
    this.calls = calls;
    this.normalizer = normalizer;
  }

  void mount(Router api) {
    api.post("/telephony/external-calls").handler(this::register);
    api.post("/telephony/external-calls/:callId/finish").handler(this::finish);
    api.post("/telephony/external-calls/:callId/recording").handler(this::recording);
    // Calls through Linehub's own SIP bridge: the recorder reports under the call id of the CDR.
    api.post("/calls/:callId/recording").handler(this::sipRecording);
  }

  private void sipRecording(RoutingContext ctx) {
    String callId = ctx.pathParam("callId");
    Recording recording = Inputs.recording(Fields.body(ctx), "");
    Replies.reply(ctx, 200, calls.recordingOfLinkedCall(callId, recording)
        .map(activity -> new JsonObject().put("activityId", activity.getLong("id"))
            .put("recording", activity.getJsonObject("recording"))));
  }

  private void register(RoutingContext ctx) {
    JsonObject body = Fields.body(ctx);
    String externalId = Fields.requireString(body, "externalId").trim();
    Direction direction = Fields.requireEnum(body, "direction", Direction.class);
    String phone = normalizer.phone("phone", Fields.requireString(body, "phone"));
    Instant startedAt = Fields.optInstant(body, "startedAt");
    var registration = new ExternalCalls.Registration(externalId, direction, phone, Fields.optString(body, "line"),
        Inputs.positive(body, "agent"), startedAt == null ? Instant.now() : startedAt);
    calls.register(registration).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      var call = ar.result().call();
      var reply = new JsonObject()
          .put("callId", call.callId().toString())
          .put("crm", new JsonObject()
              .put("entity", call.entity() == null ? null : call.entity().toString())
              .put("created", call.entityCreated()));
      Replies.json(ctx, ar.result().replayed() ? 200 : 201, reply);
    });
  }

  private void finish(RoutingContext ctx) {
    UUID callId = callId(ctx);
    JsonObject body = Fields.body(ctx);
    Outcome outcome = Outcome.valueOf(Fields.requireEnum(body, "status", FinishStatus.class).name());
    JsonObject recording = Fields.optObject(body, "recording");
    Recording parsed = recording == null ? null : Inputs.recording(recording, "recording.");
    Replies.reply(ctx, 200, calls.finish(callId, outcome, Inputs.nonNegativeInt(body, "durationSec"),
            Inputs.nonNegativeInt(body, "sipCode"), parsed)
        .map(activityId -> new JsonObject().put("activityId", activityId)));
  }

  private void recording(RoutingContext ctx) {
    UUID callId = callId(ctx);
    Recording recording = Inputs.recording(Fields.body(ctx), "");
    Replies.reply(ctx, 200, calls.recording(callId, recording)
        .map(activity -> new JsonObject().put("activityId", activity.getLong("id"))
            .put("recording", activity.getJsonObject("recording"))));
  }

  /** Call ids are UUIDs; anything else cannot name a call, so it is a 404 like an unknown one. */
  private static UUID callId(RoutingContext ctx) {
    String raw = ctx.pathParam("callId");
    try {
      return UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      throw LinehubException.notFound("call " + raw + " not found");
    }
  }
}
