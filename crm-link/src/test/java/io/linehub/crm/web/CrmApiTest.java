package io.linehub.crm.web;

import static io.linehub.crm.Await.newPhone;
import static io.linehub.crm.Await.result;
import static io.linehub.crm.web.ApiTestBed.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.crm.Channel;
import io.linehub.api.crm.Direction;
import io.linehub.api.crm.Identity;
import io.linehub.api.crm.Interaction;
import io.linehub.api.crm.LinkResult;
import io.linehub.api.crm.Outcome;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CrmApiTest {

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
  void listShouldFindLeadByPhoneWhenFilterIsWrittenInAnotherFormat() {
    String phone = newPhone();
    JsonObject lead = created("/crm/leads", new JsonObject().put("title", "Pumps").put("phones", new JsonArray()
        .add(phone)).put("emails", new JsonArray().add("Buyer@Example.ru")));

    JsonObject page = ok(HttpMethod.GET, "/crm/leads?phone=8-(" + phone.substring(2, 5) + ")-" + phone.substring(5));

    assertThat(page.getLong("total")).isEqualTo(1);
    assertThat(page.getInteger("limit")).isEqualTo(50);
    JsonObject item = page.getJsonArray("items").getJsonObject(0);
    assertThat(item.getLong("id")).isEqualTo(lead.getLong("id"));
    assertThat(item.getJsonArray("phones")).containsExactly(phone);
    assertThat(item.getJsonArray("emails")).containsExactly("buyer@example.ru");
    assertThat(ok(HttpMethod.GET, "/crm/leads?email=BUYER@example.ru").getLong("total")).isEqualTo(1);
    assertThat(ok(HttpMethod.GET, "/crm/leads?q=pump&status=new").getLong("total")).isEqualTo(1);
  }

  @Test
  void createShouldFailNamingFieldWhenInputIsInvalid() {
    assertError(bed.call(HttpMethod.POST, "/crm/leads", new JsonObject().put("title", "x").put("phones",
        new JsonArray().add("12"))), 400, "phones[0]: '12' is not a valid phone number");
    assertError(bed.call(HttpMethod.POST, "/crm/leads", new JsonObject().put("title", "x").put("status", "lost")),
        400, "status: must be one of new, in_progress, converted, junk");
    assertError(bed.call(HttpMethod.POST, "/crm/leads", new JsonObject().put("title", "x").put("status", "junk")),
        400, "lossReason: is required");
    assertError(bed.call(HttpMethod.POST, "/crm/companies", new JsonObject()), 400, "title: is required");
    assertError(bed.call(HttpMethod.POST, "/crm/deals", new JsonObject().put("title", "d").put("pipeline", "service")
        .put("stage", "delivery")), 400, "stage: must be one of new, offer, contract_invoice, won, lost_price,"
        + " lost_service in pipeline service");
    assertError(bed.call(HttpMethod.GET, "/crm/leads?phone=abc", null), 400, "phone: 'abc' is not a valid phone number");
  }

  @Test
  void createShouldConflictWhenPhoneBelongsToAnotherRecord() {
    String phone = newPhone();
    JsonObject contact = created("/crm/contacts", new JsonObject().put("firstName", "Anna").put("lastName", "Ivanova")
        .put("phones", new JsonArray().add(phone)));
    assertThat(contact.getString("fullName")).isEqualTo("Anna Ivanova");

    assertError(bed.call(HttpMethod.POST, "/crm/leads", new JsonObject().put("title", "dup")
        .put("phones", new JsonArray().add("8" + phone.substring(2)))), 409,
        "phones: " + phone + " already belongs to contact:" + contact.getLong("id"));
    JsonObject other = created("/crm/companies", new JsonObject().put("title", "Other"));
    assertError(bed.call(HttpMethod.PATCH, "/crm/companies/" + other.getLong("id"), new JsonObject()
        .put("phones", new JsonArray().add(phone))), 409, "phones: " + phone + " already belongs to contact:"
        + contact.getLong("id"));
  }

  @Test
  void patchShouldUpdateGivenFieldsAndReplaceCommunicationsWhenValid() {
    String phone = newPhone();
    String next = newPhone();
    JsonObject lead = created("/crm/leads", new JsonObject().put("title", "Lathe").put("probablePrice", 1500.5)
        .put("phones", new JsonArray().add(phone)).put("messengers", new JsonArray()
            .add(new JsonObject().put("type", "telegram").put("value", "tg42"))));
    String path = "/crm/leads/" + lead.getLong("id");

    JsonObject patched = ok(HttpMethod.PATCH, path, new JsonObject().put("status", "in_progress")
        .put("equipmentCategory", "large").put("phones", new JsonArray().add(next)));

    assertThat(patched.getString("status")).isEqualTo("in_progress");
    assertThat(patched.getString("title")).isEqualTo("Lathe");
    assertThat(patched.getString("equipmentCategory")).isEqualTo("large");
    assertThat(patched.getJsonArray("phones")).containsExactly(next);
    assertThat(patched.getJsonArray("messengers")).containsExactly(new JsonObject().put("type", "telegram")
        .put("value", "tg42"));
    assertThat(patched.getDouble("probablePrice")).isEqualTo(1500.5);
    assertError(bed.call(HttpMethod.PATCH, path, new JsonObject().put("status", "junk")), 400,
        "lossReason: is required");
    JsonObject junk = ok(HttpMethod.PATCH, path, new JsonObject().put("status", "junk").put("lossReason", "spam"));
    assertThat(junk.getString("lossReason")).isEqualTo("spam");
    assertThat(ok(HttpMethod.PATCH, path, new JsonObject().put("status", "new")).getValue("lossReason")).isNull();
    assertError(bed.call(HttpMethod.PATCH, path, new JsonObject().put("status", "converted")), 400,
        "status: a lead is converted with POST /crm/leads/{id}/convert");
  }

  @Test
  void getShouldAnswer404WhenRecordIsMissing() {
    assertError(bed.call(HttpMethod.GET, "/crm/deals/999999", null), 404, "deal:999999 not found");
    assertError(bed.call(HttpMethod.PATCH, "/crm/contacts/999999", new JsonObject().put("position", "x")), 404,
        "contact:999999 not found");
    assertError(bed.call(HttpMethod.GET, "/crm/leads/abc", null), 400, "id: invalid value");
  }

  @Test
  void routesShouldAnswer401WhenNobodyIsSignedIn() {
    assertThat(bed.anonymous(HttpMethod.GET, "/crm/leads").statusCode()).isEqualTo(401);
    assertThat(bed.anonymous(HttpMethod.POST, "/telephony/external-calls").statusCode()).isEqualTo(401);
  }

  @Test
  void timelineShouldListActivitiesNewestFirstWithRecordingWhenEntityGiven() {
    String phone = newPhone();
    LinkResult first = link("tl-1", phone, Outcome.MISSED);
    LinkResult second = link("tl-2", phone, Outcome.ANSWERED);
    JsonObject task = created("/crm/activities", new JsonObject().put("entity", first.entity()).put("kind", "task")
        .put("subject", "Send the offer").put("dueAt", "2026-12-01T10:00:00Z"));
    assertThat(task.getString("status")).isEqualTo("open");
    assertThat(task.getLong("responsibleUserId")).isEqualTo(1L);

    JsonObject page = ok(HttpMethod.GET, "/crm/activities?entity=" + first.entity());

    assertThat(page.getLong("total")).isEqualTo(3);
    JsonArray items = page.getJsonArray("items");
    assertThat(items.getJsonObject(0).getLong("id")).isEqualTo(task.getLong("id"));
    assertThat(items.getJsonObject(1).getLong("id")).isEqualTo(second.activityId());
    assertThat(items.getJsonObject(1).getJsonObject("recording").getString("url")).isEqualTo("https://rec/tl-2.wav");
    assertThat(items.getJsonObject(2).getString("kind")).isEqualTo("callback");
    assertThat(ok(HttpMethod.GET, "/crm/activities?status=open&entity=" + first.entity()).getLong("total"))
        .isEqualTo(2);

    JsonObject done = ok(HttpMethod.PATCH, "/crm/activities/" + first.activityId(), new JsonObject()
        .put("status", "done").put("result", "called back, wants an offer"));
    assertThat(done.getString("status")).isEqualTo("done");
    assertThat(done.getString("completedAt")).isNotNull();
    assertThat(done.getString("result")).isEqualTo("called back, wants an offer");
    assertError(bed.call(HttpMethod.POST, "/crm/activities", new JsonObject().put("entity", "lead:x")
        .put("kind", "task").put("subject", "s")), 400, "entity: must look like lead:42, contact:7, company:3 or deal:9");
    assertError(bed.call(HttpMethod.POST, "/crm/activities", new JsonObject().put("entity", first.entity())
        .put("kind", "call").put("subject", "s")), 400, "kind: must be one of callback, task");
    assertError(bed.call(HttpMethod.PATCH, "/crm/activities/999999", new JsonObject().put("status", "done")), 404,
        "activity 999999 not found");
  }

  @Test
  void convertShouldMoveCommunicationsAndActivitiesToNewContactWhenLeadIsOpen() {
    String phone = newPhone();
    LinkResult link = link("cv-1", phone, Outcome.ANSWERED);
    String path = "/crm/" + link.entity().replace("lead:", "leads/");
    ok(HttpMethod.PATCH, path, new JsonObject().put("companyTitle", "Stanki LLC").put("name", "Oleg Sidorov"));

    JsonObject converted = ok(HttpMethod.POST, path + "/convert", new JsonObject().put("deal", new JsonObject()
        .put("title", "Lathe 16K20").put("amount", 250000).put("pipeline", "equipment").put("stage", "offer")));

    String contact = converted.getString("contact");
    assertThat(converted.getString("company")).startsWith("company:");
    assertThat(converted.getString("deal")).startsWith("deal:");
    JsonObject contactView = ok(HttpMethod.GET, "/crm/" + contact.replace("contact:", "contacts/"));
    assertThat(contactView.getString("fullName")).isEqualTo("Oleg Sidorov");
    assertThat(contactView.getJsonArray("phones")).containsExactly(phone);
    assertThat(ok(HttpMethod.GET, "/crm/activities?entity=" + contact).getLong("total")).isEqualTo(1);
    assertThat(ok(HttpMethod.GET, path).getString("status")).isEqualTo("converted");
    JsonObject deal = ok(HttpMethod.GET, "/crm/" + converted.getString("deal").replace("deal:", "deals/"));
    assertThat(deal.getString("stage")).isEqualTo("offer");
    assertThat(deal.getString("currency")).isEqualTo("RUB");
    // the next call from that number finds the contact
    assertThat(link("cv-2", phone, Outcome.ANSWERED).entity()).isEqualTo(contact);
    assertError(bed.call(HttpMethod.POST, path + "/convert", null), 409, link.entity() + " is converted and cannot"
        + " be converted");
    assertError(bed.call(HttpMethod.POST, "/crm/leads/999999/convert", null), 404, "lead:999999 not found");
  }

  private static LinkResult link(String externalId, String phone, Outcome outcome) {
    var recording = outcome == Outcome.ANSWERED
        ? new io.linehub.api.crm.Recording("https://rec/" + externalId + ".wav", "audio/wav", 30, 100L, null, 1, null)
        : null;
    return result(bed.module.linker().link(new Interaction(externalId, Channel.PHONE, Direction.INBOUND, outcome,
        List.of(Identity.phone(phone)), null, null, null, 5L, null, null, 30, null, null, recording, null)));
  }

  private static JsonObject created(String path, JsonObject body) {
    return bed.created(path, body);
  }

  private static JsonObject ok(HttpMethod method, String path) {
    return bed.ok(method, path, null);
  }

  private static JsonObject ok(HttpMethod method, String path, JsonObject body) {
    return bed.ok(method, path, body);
  }
}
