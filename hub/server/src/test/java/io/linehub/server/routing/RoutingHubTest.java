package io.linehub.server.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.crm.CardActivity;
import io.linehub.api.crm.Channel;
import io.linehub.api.crm.CrmAddresses;
import io.linehub.api.crm.Direction;
import io.linehub.api.crm.Identity;
import io.linehub.api.crm.Interaction;
import io.linehub.api.crm.Outcome;
import io.linehub.api.routing.Offered;
import io.linehub.api.routing.RoutingAddresses;
import io.linehub.server.RunningHub;
import io.linehub.testkit.BlockedThreadCounter;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Routing end to end on a running hub: lines over REST, agents over REST, the CRM and the live view. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RoutingHubTest {

  @TempDir
  static Path dataDir;
  private static RunningHub hub;
  private static String admin;
  private static long anna;
  private static long boris;
  private static String annaToken;
  private static String borisToken;

  @BeforeAll
  static void start() {
    hub = RunningHub.start(dataDir, Map.of());
    admin = hub.adminToken();
    anna = user("anna");
    boris = user("boris");
    annaToken = hub.login("anna", "anna-pass-1");
    borisToken = hub.login("boris", "boris-pass-1");
  }

  @AfterAll
  static void stop() {
    hub.close();
    assertThat(BlockedThreadCounter.reports()).as("event-loop blocked warnings").isEmpty();
  }

  @Test
  void chatShouldBeOfferedAcceptedSeenLiveAndFinishedThroughRest() {
    createLine(new JsonObject().put("id", "support").put("strategy", "evenly")
        .put("members", new JsonArray().add(member(anna)).add(member(boris))));
    available(annaToken);
    available(borisToken);

    var enqueued = hub.send("POST", "/api/v1/routing/tickets", admin, new JsonObject().put("ticketId", "chat-1")
        .put("lineId", "support").put("media", "chat").put("channel", "telegram").put("customer", "Vera"));
    assertThat(enqueued.statusCode()).isEqualTo(201);
    assertThat(enqueued.bodyAsJsonObject().getString("state")).isEqualTo("offered");
    assertThat(hub.send("POST", "/api/v1/routing/tickets", admin, new JsonObject().put("ticketId", "chat-1")
        .put("lineId", "support").put("media", "chat")).statusCode()).as("a retried enqueue").isEqualTo(200);

    // evenly: whoever of the two was offered least recently (other tests ran before) gets it.
    boolean toAnna = !offersOn("support", annaToken).isEmpty();
    String holder = toAnna ? annaToken : borisToken;
    String other = toAnna ? borisToken : annaToken;
    long holderId = toAnna ? anna : boris;
    JsonArray offers = offersOn("support", holder);
    assertThat(offers).hasSize(1);
    assertThat(offers.getJsonObject(0).getString("ticketId")).isEqualTo("chat-1");
    assertThat(offersOn("support", other)).isEmpty();
    assertThat(hub.send("POST", "/api/v1/routing/tickets/chat-1/accept", other, null).statusCode())
        .as("not offered to the other agent").isEqualTo(409);
    var accepted = hub.send("POST", "/api/v1/routing/tickets/chat-1/accept", holder, null);
    assertThat(accepted.statusCode()).isEqualTo(200);
    assertThat(accepted.bodyAsJsonObject().getLong("agentId")).isEqualTo(holderId);

    JsonObject snapshot = hub.get("/api/v1/supervisor/snapshot", admin).bodyAsJsonObject();
    JsonObject ticket = find(snapshot.getJsonArray("tickets"), "ticketId", "chat-1");
    assertThat(ticket.getString("state")).isEqualTo("assigned");
    assertThat(ticket.getLong("agentId")).isEqualTo(holderId);
    JsonObject line = find(snapshot.getJsonArray("lines"), "lineId", "support");
    assertThat(line.getInteger("answered")).isEqualTo(1);

    assertThat(hub.send("POST", "/api/v1/routing/tickets/chat-1/finish", other, null).statusCode())
        .isEqualTo(403);
    assertThat(hub.send("POST", "/api/v1/routing/tickets/chat-1/finish", holder, null).statusCode())
        .isEqualTo(200);
    JsonObject holderNow = find(hub.get("/api/v1/agents", admin).bodyAsJsonArray(), "agentId", holderId);
    assertThat(holderNow.getString("state")).isEqualTo("available");
    assertThat(holderNow.getInteger("activeChats")).isZero();
    assertThat(hub.get("/api/v1/supervisor/snapshot", admin).bodyAsJsonObject().getJsonArray("tickets"))
        .noneMatch(t -> ((JsonObject) t).getString("ticketId").equals("chat-1"));
  }

  @Test
  void memberChangeShouldApplyToTheNextCustomerWithoutRestart() {
    createLine(new JsonObject().put("id", "hot").put("strategy", "strictly")
        .put("members", new JsonArray().add(member(anna))));
    available(annaToken);
    available(borisToken);
    assertThat(hub.send("PUT", "/api/v1/lines/hot/members", admin,
        new JsonObject().put("members", new JsonArray().add(member(boris)))).statusCode()).isEqualTo(200);

    // The change travels on the bus; the routing verticle rereads the line. Ask until it applied.
    JsonArray offers = new JsonArray();
    for (int i = 0; i < 50 && offers.isEmpty(); i++) {
      hub.send("POST", "/api/v1/routing/tickets", admin, new JsonObject().put("ticketId", "hot-" + i)
          .put("lineId", "hot").put("media", "chat"));
      offers = offersOn("hot", borisToken);
    }
    assertThat(offers).isNotEmpty();
    String borisGot = offers.getJsonObject(0).getString("ticketId");
    assertThat(offersOn("hot", annaToken)).noneMatch(o -> ((JsonObject) o).getString("ticketId").equals(borisGot));
  }

  @Test
  void knownCustomerShouldBeOfferedToTheirCrmOwnerFirst() {
    createLine(new JsonObject().put("id", "owners").put("strategy", "strictly")
        .put("members", new JsonArray().add(member(anna)).add(member(boris))));
    available(annaToken);
    available(borisToken);
    String phone = "+74957770011";
    RunningHub.await(hub.hub.vertx().eventBus().request(CrmAddresses.LINK, new Interaction("owned-1",
        Channel.PHONE, Direction.INBOUND, Outcome.ANSWERED, List.of(Identity.phone(phone)), "Gleb", boris, null,
        null, null, null, null, null, null, null, null)));

    hub.send("POST", "/api/v1/routing/tickets", admin, new JsonObject().put("ticketId", "owned-chat")
        .put("lineId", "owners").put("media", "chat")
        .put("identities", new JsonArray().add(new JsonObject().put("type", "phone").put("value", "8 495 777-00-11"))));

    JsonObject offer = find(hub.get("/api/v1/routing/offers", borisToken).bodyAsJsonArray(), "ticketId", "owned-chat");
    assertThat(offer).as("offered to the owner").isNotNull();
    assertThat(hub.get("/api/v1/routing/offers", annaToken).bodyAsJsonArray())
        .noneMatch(o -> ((JsonObject) o).getString("ticketId").equals("owned-chat"));
    // The screen pop: the customer's card travels with the offer.
    JsonObject card = offer.getJsonObject("card");
    assertThat(card.getString("entityType")).isEqualTo("lead");
    assertThat(card.getString("name")).isEqualTo("Gleb");
    assertThat(card.getLong("responsibleUserId")).isEqualTo(boris);
    assertThat(card.getJsonArray("lastActivities")).hasSize(1);
    assertThat(card.getJsonArray("lastActivities").getJsonObject(0).getString("kind")).isEqualTo("call");
  }

  @Test
  void offerShouldCarryTheCardOnTheBusAndNoneForAnUnknownCustomer() {
    createLine(new JsonObject().put("id", "pop").put("strategy", "strictly").put("maxChats", 5)
        .put("members", new JsonArray().add(member(anna))));
    available(annaToken);
    String phone = "+74957770012";
    RunningHub.await(hub.hub.vertx().eventBus().request(CrmAddresses.LINK, new Interaction("pop-1",
        Channel.PHONE, Direction.INBOUND, Outcome.ANSWERED, List.of(Identity.phone(phone)), "Irina", anna, null,
        null, null, null, null, null, null, null, null)));
    Promise<Offered> knownOffer = Promise.promise();
    Promise<Offered> unknownOffer = Promise.promise();
    MessageConsumer<Offered> consumer = hub.hub.vertx().eventBus().consumer(RoutingAddresses.OFFERED, m -> {
      switch (m.body().ticketId()) {
        case "pop-known" -> knownOffer.tryComplete(m.body());
        case "pop-unknown" -> unknownOffer.tryComplete(m.body());
        default -> { }
      }
    });
    RunningHub.await(consumer.completion());
    try {
      hub.send("POST", "/api/v1/routing/tickets", admin, new JsonObject().put("ticketId", "pop-known")
          .put("lineId", "pop").put("media", "chat")
          .put("identities", new JsonArray().add(new JsonObject().put("type", "phone").put("value", phone))));
      hub.send("POST", "/api/v1/routing/tickets", admin, new JsonObject().put("ticketId", "pop-unknown")
          .put("lineId", "pop").put("media", "chat")
          .put("identities", new JsonArray().add(new JsonObject().put("type", "phone").put("value", "+74957770099"))));

      Offered known = RunningHub.await(knownOffer.future().timeout(10, TimeUnit.SECONDS));
      assertThat(known.card()).isNotNull();
      assertThat(known.card().name()).isEqualTo("Irina");
      assertThat(known.card().responsibleUserId()).isEqualTo(anna);
      assertThat(known.card().lastActivities()).extracting(CardActivity::kind).containsExactly("call");
      Offered unknown = RunningHub.await(unknownOffer.future().timeout(10, TimeUnit.SECONDS));
      assertThat(unknown.card()).as("nobody in the CRM").isNull();
    } finally {
      RunningHub.await(consumer.unregister());
    }
  }

  @Test
  void callOutOfHoursShouldFallBackToACallbackActivityForTheLinesResponsible() {
    String otherDay = LocalDate.now(ZoneOffset.UTC).plusDays(3).getDayOfWeek().name().substring(0, 3)
        .toLowerCase(Locale.ROOT);
    createLine(new JsonObject().put("id", "closed").put("strategy", "evenly").put("responsibleUserId", boris)
        .put("members", new JsonArray().add(member(anna)))
        .put("hours", new JsonObject().put("timeZone", "UTC")
            .put("week", new JsonObject().put(otherDay, new JsonArray().add("10:00-11:00"))))
        .put("outOfHours", new JsonObject().put("action", "callback")));

    var enqueued = hub.send("POST", "/api/v1/routing/tickets", admin, new JsonObject().put("ticketId", "sip-call-9")
        .put("lineId", "closed").put("media", "call").put("channel", "phone").put("customer", "+74959990000")
        .put("identities", new JsonArray().add(new JsonObject().put("type", "phone").put("value", "+74959990000"))));

    assertThat(enqueued.bodyAsJsonObject().getBoolean("open")).isFalse();
    assertThat(enqueued.bodyAsJsonObject().getString("state")).isEqualTo("fell_back");
    Row activity = null;
    for (int i = 0; i < 100 && activity == null; i++) {
      var rows = RunningHub.await(hub.hub.pool().preparedQuery(
          "SELECT kind, status, responsible_user_id, line_id FROM crm.activities WHERE external_id = $1")
          .execute(Tuple.of("sip-call-9")));
      activity = rows.size() == 0 ? null : rows.iterator().next();
      if (activity == null) {
        RunningHub.await(io.vertx.core.Future.future(p -> hub.clientVertx.setTimer(50, t -> p.complete())));
      }
    }
    assertThat(activity).isNotNull();
    assertThat(activity.getString("kind")).isEqualTo("callback");
    assertThat(activity.getString("status")).isEqualTo("open");
    assertThat(activity.getLong("responsible_user_id")).isEqualTo(boris);
    assertThat(activity.getString("line_id")).isEqualTo("closed");
  }

  @Test
  void customerWhoLeftShouldShowAsAbandonedInTheLinesReport() {
    createLine(new JsonObject().put("id", "reported").put("strategy", "evenly")
        .put("members", new JsonArray().add(member(anna))));
    hub.send("POST", "/api/v1/routing/tickets", admin, new JsonObject().put("ticketId", "left-1")
        .put("lineId", "reported").put("media", "call").put("channel", "phone").put("customer", "+74950001122"));
    assertThat(hub.send("POST", "/api/v1/routing/tickets/left-1/finish", admin,
        new JsonObject().put("reason", "customer_left")).statusCode()).isEqualTo(200);

    // The journal writes every 250 ms: read the report until the ticket is in.
    JsonObject row = null;
    for (int i = 0; i < 100 && row == null; i++) {
      row = hub.get("/api/v1/reports/lines", admin).bodyAsJsonObject().getJsonArray("rows").stream()
          .map(JsonObject.class::cast)
          .filter(r -> "reported".equals(r.getString("lineId")) && "call".equals(r.getString("media")))
          .findFirst().orElse(null);
      if (row == null) {
        RunningHub.await(io.vertx.core.Future.future(p -> hub.clientVertx.setTimer(50, t -> p.complete())));
      }
    }
    assertThat(row).as("the line's row in /reports/lines").isNotNull();
    assertThat(row.getInteger("abandoned")).isEqualTo(1);
    assertThat(row.getInteger("handled")).isZero();
    String csv = hub.get("/api/v1/reports/missed?format=csv", admin).bodyAsString();
    assertThat(csv).contains("left-1").contains("+74950001122");
  }

  @Test
  void stateChangesShouldRefuseCallDrivenStatesAndAgentsShouldNotSetOthers() {
    assertThat(hub.send("PUT", "/api/v1/agents/me/state", annaToken, new JsonObject().put("state", "on_call"))
        .statusCode()).isEqualTo(400);
    assertThat(hub.send("PUT", "/api/v1/agents/" + boris + "/state", annaToken,
        new JsonObject().put("state", "away")).statusCode()).isEqualTo(403);
    var away = hub.send("PUT", "/api/v1/agents/" + boris + "/state", admin,
        new JsonObject().put("state", "away").put("reason", "lunch"));
    assertThat(away.bodyAsJsonObject().getString("state")).isEqualTo("away");
    assertThat(hub.get("/api/v1/agents/me", borisToken).bodyAsJsonObject().getString("reason")).isEqualTo("lunch");
    available(borisToken);
  }

  /** The caller's pending offers on one line (the tests share agents). */
  private static JsonArray offersOn(String lineId, String token) {
    return new JsonArray(hub.get("/api/v1/routing/offers", token).bodyAsJsonArray().stream()
        .filter(o -> ((JsonObject) o).getString("lineId").equals(lineId)).toList());
  }

  private static void createLine(JsonObject line) {
    var created = hub.send("POST", "/api/v1/lines", admin, line);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    // Routing rereads the line on hub.lines.changed; wait until it knows it.
    for (int i = 0; i < 100; i++) {
      var probe = hub.send("POST", "/api/v1/routing/tickets", admin, new JsonObject()
          .put("ticketId", "probe-" + line.getString("id")).put("lineId", line.getString("id")).put("media", "chat"));
      if (probe.statusCode() != 404) {
        hub.send("POST", "/api/v1/routing/tickets/probe-" + line.getString("id") + "/finish", admin,
            new JsonObject().put("reason", "customer_left"));
        return;
      }
    }
    throw new AssertionError("routing never saw line " + line.getString("id"));
  }

  private static void available(String token) {
    assertThat(hub.send("PUT", "/api/v1/agents/me/state", token, new JsonObject().put("state", "available"))
        .bodyAsJsonObject().getString("state")).isEqualTo("available");
  }

  private static long user(String login) {
    var created = hub.send("POST", "/api/v1/users", admin, new JsonObject().put("login", login)
        .put("displayName", login).put("role", "agent").put("password", login + "-pass-1"));
    assertThat(created.statusCode()).isEqualTo(201);
    return created.bodyAsJsonObject().getLong("id");
  }

  private static JsonObject member(long userId) {
    return new JsonObject().put("userId", userId).put("tier", 0);
  }

  private static JsonObject find(JsonArray array, String field, Object value) {
    return array.stream().map(JsonObject.class::cast)
        .filter(o -> String.valueOf(value).equals(String.valueOf(o.getValue(field))))
        .findFirst().orElseThrow(() -> new AssertionError(field + "=" + value + " not in " + array));
  }
}
