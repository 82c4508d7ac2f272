package io.linehub.crm.web;

import static io.linehub.crm.Await.count;
import static io.linehub.crm.Await.newPhone;
import static io.linehub.crm.Await.result;
import static io.linehub.crm.web.ApiTestBed.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExternalCallsApiTest {

  private static ApiTestBed bed;

  @BeforeAll
  static void start() {
    bed = new ApiTestBed();
  }

  @AfterAll
  static void stop() {
    bed.close();
  }

  @Test
  void externalCallShouldRegisterFinishAndAttachRecordingWhenPbxReportsIt() {
    String phone = newPhone();
    var register = new JsonObject().put("externalId", "pbx-1").put("direction", "inbound")
        .put("phone", "8" + phone.substring(2)).put("line", "office").put("agent", 12)
        .put("startedAt", "2026-11-23T10:00:00Z");

    var first = bed.call(HttpMethod.POST, "/telephony/external-calls", register);
    var again = bed.call(HttpMethod.POST, "/telephony/external-calls", register);

    assertThat(first.statusCode()).isEqualTo(201);
    JsonObject body = first.bodyAsJsonObject();
    assertThat(body.getJsonObject("crm").getString("entity")).startsWith("lead:");
    assertThat(body.getJsonObject("crm").getBoolean("created")).isTrue();
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject()).isEqualTo(body);
    assertThat(count(bed.pool, "SELECT count(*) FROM crm.communications WHERE value = $1", phone)).isEqualTo(1);

    String callId = body.getString("callId");
    assertError(bed.call(HttpMethod.POST, "/telephony/external-calls/" + callId + "/recording",
        new JsonObject().put("url", "https://pbx/rec.mp3")), 409, "call " + callId + " is not finished yet");
    var finish = new JsonObject().put("durationSec", 95).put("status", "answered").put("sipCode", 200);
    long activityId = ok("/telephony/external-calls/" + callId + "/finish", finish).getLong("activityId");
    assertThat(ok("/telephony/external-calls/" + callId + "/finish", finish).getLong("activityId"))
        .isEqualTo(activityId);

    JsonObject recording = ok("/telephony/external-calls/" + callId + "/recording", new JsonObject()
        .put("url", "https://pbx/rec.mp3").put("mediaType", "audio/mpeg").put("durationSec", 95)
        .put("sizeBytes", 760000));
    assertThat(recording.getLong("activityId")).isEqualTo(activityId);
    assertThat(recording.getJsonObject("recording").getString("url")).isEqualTo("https://pbx/rec.mp3");
    JsonObject activity = bed.ok(HttpMethod.GET, "/crm/activities/" + activityId, null);
    assertThat(activity.getString("kind")).isEqualTo("call");
    assertThat(activity.getString("status")).isEqualTo("done");
    assertThat(activity.getLong("responsibleUserId")).isEqualTo(12L);
    assertThat(activity.getString("entity")).isEqualTo(body.getJsonObject("crm").getString("entity"));
    assertThat(activity.getJsonObject("recording").getLong("sizeBytes")).isEqualTo(760000L);
  }

  @Test
  void finishShouldOpenCallbackWhenInboundCallIsMissed() {
    var body = bed.call(HttpMethod.POST, "/telephony/external-calls", new JsonObject().put("externalId", "pbx-missed")
        .put("direction", "inbound").put("phone", newPhone())).bodyAsJsonObject();

    long activityId = ok("/telephony/external-calls/" + body.getString("callId") + "/finish",
        new JsonObject().put("status", "missed").put("durationSec", 0)).getLong("activityId");

    JsonObject activity = bed.ok(HttpMethod.GET, "/crm/activities/" + activityId, null);
    assertThat(activity.getString("kind")).isEqualTo("callback");
    assertThat(activity.getString("status")).isEqualTo("open");
    assertThat(activity.getString("outcome")).isEqualTo("missed");
  }

  @Test
  void registerShouldCreateOneLeadWhenSameNumberRegistersConcurrently() {
    String phone = newPhone();
    var calls = new ArrayList<Future<?>>();
    for (int i = 0; i < 20; i++) {
      var request = new JsonObject().put("externalId", "pbx-race-" + (i % 10)).put("direction", "inbound")
          .put("phone", phone);
      calls.add(bed.send(HttpMethod.POST, "/telephony/external-calls", request));
    }
    result(Future.all(calls));

    assertThat(count(bed.pool, "SELECT count(*) FROM crm.external_calls WHERE phone = $1", phone)).isEqualTo(10);
    assertThat(count(bed.pool, "SELECT count(DISTINCT (entity_type, entity_id)) FROM crm.external_calls"
        + " WHERE phone = $1", phone)).isEqualTo(1);
    assertThat(count(bed.pool, "SELECT count(*) FROM crm.communications WHERE value = $1", phone)).isEqualTo(1);
  }

  @Test
  void externalCallsShouldAnswerErrorsWhenInputIsWrongOrCallUnknown() {
    assertError(bed.call(HttpMethod.POST, "/telephony/external-calls", new JsonObject().put("externalId", "x")
        .put("direction", "sideways").put("phone", newPhone())), 400, "direction: must be one of inbound, outbound");
    assertError(bed.call(HttpMethod.POST, "/telephony/external-calls", new JsonObject().put("externalId", "x")
        .put("direction", "inbound")), 400, "phone: is required");
    String unknown = "/telephony/external-calls/00000000-0000-0000-0000-000000000000";
    assertError(bed.call(HttpMethod.POST, unknown + "/finish", new JsonObject().put("status", "answered")), 404,
        "call 00000000-0000-0000-0000-000000000000 not found");
    assertError(bed.call(HttpMethod.POST, "/telephony/external-calls/nope/finish", new JsonObject()
        .put("status", "answered")), 404, "call nope not found");
    assertError(bed.call(HttpMethod.POST, unknown + "/finish", new JsonObject().put("status", "ringing")), 400,
        "status: must be one of answered, missed, busy, declined, failed");
    assertError(bed.call(HttpMethod.POST, unknown + "/finish", new JsonObject().put("status", "answered")
        .put("recording", new JsonObject())), 400, "recording.url: is required");
  }

  private static JsonObject ok(String path, JsonObject body) {
    return bed.ok(HttpMethod.POST, path, body);
  }
}
