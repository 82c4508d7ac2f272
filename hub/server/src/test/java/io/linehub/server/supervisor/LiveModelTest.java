package io.linehub.server.supervisor;

import static io.linehub.server.supervisor.Events.abandoned;
import static io.linehub.server.supervisor.Events.assigned;
import static io.linehub.server.supervisor.Events.fellBack;
import static io.linehub.server.supervisor.Events.fellBackClosed;
import static io.linehub.server.supervisor.Events.handled;
import static io.linehub.server.supervisor.Events.offered;
import static io.linehub.server.supervisor.Events.presence;
import static io.linehub.server.supervisor.Events.queued;
import static io.linehub.server.supervisor.Events.withdrawn;
import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.routing.AgentState;
import io.linehub.api.routing.FallbackAction;
import io.linehub.api.routing.WithdrawReason;
import io.linehub.server.lines.Line;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The live model on its own: events in, frames out, with a hand-moved clock. */
@Timeout(10)
class LiveModelTest {

  /** 12:00 in Moscow (UTC+3 all year), the zone of the {@code sales} line. */
  static final Instant T0 = Instant.parse("2025-03-10T09:00:00Z");

  final MutableClock clock = new MutableClock(T0);
  final Map<String, Line> lines = Map.of("sales", Events.line("sales", "Sales", "Europe/Moscow", Duration.ofSeconds(30)));
  final LiveModel model = new LiveModel(clock, id -> Optional.ofNullable(lines.get(id)));

  @Test
  void queuedShouldSendWaitingTicketThenLineFiguresWhenCustomerArrives() {
    List<JsonObject> frames = model.apply(queued("t1", "sales", T0));

    assertThat(frames).containsExactly(
        new JsonObject().put("v", 1).put("type", "ticket").put("seq", 1L).put("ticket", new JsonObject()
            .put("ticketId", "t1").put("lineId", "sales").put("media", "call").put("channel", "phone")
            .put("customer", "+79001234567").put("state", "queued").put("offeredTo", new JsonArray()).put("agentId", null)
            .put("arrivedAt", "2025-03-10T09:00:00Z").put("assignedAt", null).put("fallback", null)),
        new JsonObject().put("v", 1).put("type", "line").put("seq", 2L).put("line", new JsonObject()
            .put("lineId", "sales").put("name", "Sales").put("zone", "Europe/Moscow").put("date", "2025-03-10")
            .put("waitingNow", 1).put("longestWaitingSince", "2025-03-10T09:00:00Z")
            .put("offered", 1).put("answered", 0).put("abandoned", 0).put("fellBack", 0)
            .put("serviceLevel", null).put("serviceLevelThresholdSec", 30.0).put("asaSec", null).put("ahtSec", null)));
    assertThat(model.apply(queued("t1", "sales", T0))).as("a replayed Queued").isEmpty();
  }

  @Test
  void offersShouldListOfferedAgentsAndReturnToQueuedWhenEveryOfferIsWithdrawn() {
    model.apply(queued("t1", "sales", T0));

    JsonObject offered = only(model.apply(offered("t1", "sales", T0.plusSeconds(20), 7L, 8L)));
    JsonObject declined = only(model.apply(withdrawn("t1", WithdrawReason.DECLINED, 7L)));
    JsonObject timedOut = only(model.apply(withdrawn("t1", WithdrawReason.TIMEOUT, 8L)));

    assertThat(ticket(offered).getString("state")).isEqualTo("offered");
    assertThat(ticket(offered).getJsonArray("offeredTo")).containsExactly(7L, 8L);
    assertThat(ticket(declined).getString("state")).isEqualTo("offered");
    assertThat(ticket(declined).getJsonArray("offeredTo")).containsExactly(8L);
    assertThat(ticket(timedOut).getString("state")).isEqualTo("queued");
    assertThat(ticket(timedOut).getJsonArray("offeredTo")).isEmpty();
    assertThat(model.apply(withdrawn("t1", WithdrawReason.TIMEOUT, 8L))).as("nothing left to withdraw").isEmpty();
  }

  @Test
  void assignedShouldGiveTicketToAgentAndCountTheAnswerOnceWhenAgentTakesIt() {
    model.apply(queued("t1", "sales", T0));
    model.apply(offered("t1", "sales", T0.plusSeconds(20), 7L, 8L));
    clock.advance(Duration.ofSeconds(12));

    List<JsonObject> frames = model.apply(assigned("t1", "sales", 7, T0, T0.plusSeconds(12)));

    assertThat(frames).extracting(f -> f.getString("type")).containsExactly("ticket", "line");
    assertThat(ticket(frames.get(0)).getString("state")).isEqualTo("assigned");
    assertThat(ticket(frames.get(0)).getLong("agentId")).isEqualTo(7L);
    assertThat(ticket(frames.get(0)).getString("assignedAt")).isEqualTo("2025-03-10T09:00:12Z");
    assertThat(ticket(frames.get(0)).getJsonArray("offeredTo")).isEmpty();
    JsonObject line = frames.get(1).getJsonObject("line");
    assertThat(line.getInteger("waitingNow")).isZero();
    assertThat(line.getString("longestWaitingSince")).isNull();
    assertThat(line.getInteger("answered")).isEqualTo(1);
    assertThat(line.getDouble("asaSec")).isEqualTo(12.0);
    assertThat(model.apply(assigned("t1", "sales", 7, T0, T0.plusSeconds(12)))).as("a replayed Assigned").isEmpty();
    assertThat(model.apply(withdrawn("t1", WithdrawReason.TAKEN, 8L))).as("the other offer ends").isEmpty();
  }

  @Test
  void lineFiguresShouldGiveExactServiceLevelAsaAndAhtWhenTicketsEndEveryWay() {
    model.apply(queued("a", "sales", T0));
    model.apply(assigned("a", "sales", 7, T0, T0.plusSeconds(10)));
    model.apply(handled("a", "sales", 7, T0, T0.plusSeconds(10), T0.plusSeconds(310)));
    model.apply(queued("b", "sales", T0.plusSeconds(60)));
    model.apply(assigned("b", "sales", 8, T0.plusSeconds(60), T0.plusSeconds(105)));
    model.apply(handled("b", "sales", 8, T0.plusSeconds(60), T0.plusSeconds(105), T0.plusSeconds(225)));
    model.apply(queued("c", "sales", T0.plusSeconds(120)));
    model.apply(abandoned("c", "sales", T0.plusSeconds(120), T0.plusSeconds(170)));
    model.apply(queued("d", "sales", T0.plusSeconds(180)));
    model.apply(fellBack("d", "sales", FallbackAction.VOICEMAIL, null));
    model.apply(fellBackClosed("d", "sales", FallbackAction.VOICEMAIL, T0.plusSeconds(180), T0.plusSeconds(480)));
    model.apply(queued("e", "sales", T0.plusSeconds(240)));
    model.apply(assigned("e", "sales", 9, T0.plusSeconds(240), T0.plusSeconds(270)));
    model.apply(queued("f", "sales", T0.plusSeconds(300)));

    JsonObject line = model.snapshot().getJsonArray("lines").getJsonObject(0);

    // Answered in 10 s, 45 s and 30 s against a 30 s threshold: 2 in time of 3 answered + 1 abandoned.
    assertThat(line.getInteger("offered")).isEqualTo(6);
    assertThat(line.getInteger("answered")).isEqualTo(3);
    assertThat(line.getInteger("abandoned")).isEqualTo(1);
    assertThat(line.getInteger("fellBack")).isEqualTo(1);
    assertThat(line.getDouble("serviceLevel")).isEqualTo(50.0);
    assertThat(line.getDouble("asaSec")).isEqualTo(28.3);
    assertThat(line.getDouble("ahtSec")).isEqualTo(210.0);
    assertThat(line.getInteger("waitingNow")).isEqualTo(1);
    assertThat(line.getString("longestWaitingSince")).isEqualTo("2025-03-10T09:05:00Z");
  }

  @Test
  void lineShouldUseUtcAndTwentySecondsWhenTheLineIsUnknown() {
    model.apply(queued("a", "walk-in", T0));
    model.apply(assigned("a", "walk-in", 7, T0, T0.plusSeconds(20)));
    model.apply(queued("b", "walk-in", T0));
    List<JsonObject> frames = model.apply(assigned("b", "walk-in", 8, T0, T0.plusSeconds(21)));

    JsonObject line = frames.get(frames.size() - 1).getJsonObject("line");
    assertThat(line.getString("name")).isNull();
    assertThat(line.getString("zone")).isEqualTo("UTC");
    assertThat(line.getDouble("serviceLevelThresholdSec")).isEqualTo(20.0);
    assertThat(line.getDouble("serviceLevel")).as("20 s is within, 21 s is not").isEqualTo(50.0);
  }

  @Test
  void closedShouldRemoveTicketWhenCustomerAbandons() {
    model.apply(queued("t1", "sales", T0));

    List<JsonObject> frames = model.apply(abandoned("t1", "sales", T0, T0.plusSeconds(40)));

    assertThat(frames.get(0)).isEqualTo(new JsonObject().put("v", 1).put("type", "ticket_removed").put("seq", 3L)
        .put("ticketId", "t1").put("lineId", "sales"));
    JsonObject line = frames.get(1).getJsonObject("line");
    assertThat(line.getInteger("waitingNow")).isZero();
    assertThat(line.getInteger("abandoned")).isEqualTo(1);
    assertThat(line.getDouble("serviceLevel")).isEqualTo(0.0);
    assertThat(model.snapshot().getJsonArray("tickets")).isEmpty();
  }

  @Test
  void fallbackToLineShouldMoveTicketWhenTheNewQueuedComesBeforeTheClose() {
    model.apply(queued("t1", "sales", T0));
    JsonObject fell = only(model.apply(fellBack("t1", "sales", FallbackAction.LINE, "support")).subList(0, 1));
    assertThat(ticket(fell).getString("state")).isEqualTo("fell_back");
    assertThat(ticket(fell).getString("fallback")).isEqualTo("line");

    List<JsonObject> moved = model.apply(queued("t1", "support", T0.plusSeconds(300)));
    List<JsonObject> closed = model.apply(fellBackClosed("t1", "sales", FallbackAction.LINE, T0, T0.plusSeconds(300)));

    assertThat(moved).extracting(f -> f.getString("type")).containsExactly("ticket_removed", "ticket", "line");
    assertThat(moved.get(0).getString("lineId")).isEqualTo("sales");
    assertThat(ticket(moved.get(1)).getString("lineId")).isEqualTo("support");
    assertThat(ticket(moved.get(1)).getString("state")).isEqualTo("queued");
    assertThat(closed).extracting(f -> f.getString("type")).containsExactly("line");
    assertThat(closed.get(0).getJsonObject("line").getInteger("fellBack")).isEqualTo(1);
    JsonArray tickets = model.snapshot().getJsonArray("tickets");
    assertThat(tickets).hasSize(1);
    assertThat(tickets.getJsonObject(0).getString("lineId")).isEqualTo("support");
  }

  @Test
  void fallbackToLineShouldMoveTicketWhenTheCloseComesBeforeTheNewQueued() {
    model.apply(queued("t1", "sales", T0));
    model.apply(fellBack("t1", "sales", FallbackAction.LINE, "support"));

    List<JsonObject> closed = model.apply(fellBackClosed("t1", "sales", FallbackAction.LINE, T0, T0.plusSeconds(300)));
    List<JsonObject> queuedAgain = model.apply(queued("t1", "support", T0.plusSeconds(300)));

    assertThat(closed).extracting(f -> f.getString("type")).containsExactly("ticket_removed", "line");
    assertThat(queuedAgain).extracting(f -> f.getString("type")).containsExactly("ticket", "line");
    JsonArray lines = model.snapshot().getJsonArray("lines");
    assertThat(lines).extracting(l -> ((JsonObject) l).getString("lineId")).containsExactly("sales", "support");
    assertThat(lines.getJsonObject(0).getInteger("fellBack")).isEqualTo(1);
    assertThat(lines.getJsonObject(1).getInteger("offered")).isEqualTo(1);
    assertThat(lines.getJsonObject(1).getInteger("waitingNow")).isEqualTo(1);
  }

  @Test
  void waitingFiguresShouldFollowEveryTicketWhenCustomersComeGoAndMoveBetweenLines() {
    model.apply(queued("a", "sales", T0));
    model.apply(queued("b", "sales", T0.plusSeconds(10)));
    model.apply(queued("c", "sales", T0.plusSeconds(20)));
    model.apply(queued("d", "support", T0.plusSeconds(30)));
    model.apply(offered("b", "sales", T0.plusSeconds(40), 7L));
    model.apply(withdrawn("b", WithdrawReason.TIMEOUT, 7L));
    assertThat(waiting("sales")).isEqualTo("3 since 2025-03-10T09:00:00Z");

    model.apply(assigned("a", "sales", 8, T0, T0.plusSeconds(50)));
    assertThat(waiting("sales")).as("the longest waiting one answered").isEqualTo("2 since 2025-03-10T09:00:10Z");

    model.apply(fellBack("b", "sales", FallbackAction.LINE, "support"));
    model.apply(fellBackClosed("b", "sales", FallbackAction.LINE, T0.plusSeconds(10), T0.plusSeconds(60)));
    model.apply(queued("b", "support", T0.plusSeconds(60)));
    assertThat(waiting("sales")).isEqualTo("1 since 2025-03-10T09:00:20Z");
    assertThat(waiting("support")).as("moved, with its new arrival").isEqualTo("2 since 2025-03-10T09:00:30Z");

    model.apply(offered("x", "sales", T0.plusSeconds(90), 9L));
    model.apply(abandoned("c", "sales", T0.plusSeconds(20), T0.plusSeconds(95)));
    assertThat(waiting("sales")).as("a ticket whose arrival the model missed").isEqualTo("1 since null");

    model.apply(abandoned("d", "support", T0.plusSeconds(30), T0.plusSeconds(100)));
    model.apply(assigned("b", "support", 7, T0.plusSeconds(60), T0.plusSeconds(100)));
    model.apply(assigned("x", "sales", 9, null, T0.plusSeconds(100)));
    assertThat(waiting("sales")).isEqualTo("0 since null");
    assertThat(waiting("support")).isEqualTo("0 since null");
  }

  @Test
  void countersShouldResetAtLocalMidnightWhenTheLineZoneIsNotUtc() {
    Instant lateEvening = Instant.parse("2025-03-10T20:30:00Z"); // 23:30 in Moscow, 20:30 in UTC
    clock.set(lateEvening);
    model.apply(queued("a", "sales", lateEvening));
    model.apply(assigned("a", "sales", 7, lateEvening, lateEvening.plusSeconds(10)));
    model.apply(queued("w", "sales", lateEvening.plusSeconds(60)));
    model.apply(queued("u", "walk-in", lateEvening));

    clock.set(Instant.parse("2025-03-10T21:00:00Z")); // midnight in Moscow
    JsonObject snapshot = model.snapshot();
    List<JsonObject> rolled = model.rollover();

    JsonObject sales = snapshot.getJsonArray("lines").getJsonObject(0);
    assertThat(sales.getString("date")).isEqualTo("2025-03-11");
    assertThat(sales.getInteger("offered")).isZero();
    assertThat(sales.getInteger("answered")).isZero();
    assertThat(sales.getValue("asaSec")).isNull();
    assertThat(sales.getInteger("waitingNow")).as("live tickets outlive the day").isEqualTo(1);
    assertThat(sales.getString("longestWaitingSince")).isEqualTo("2025-03-10T20:31:00Z");
    JsonObject walkIn = snapshot.getJsonArray("lines").getJsonObject(1);
    assertThat(walkIn.getString("date")).isEqualTo("2025-03-10");
    assertThat(walkIn.getInteger("offered")).isEqualTo(1);
    assertThat(rolled).containsExactly(new JsonObject().put("v", 1).put("type", "line")
        .put("seq", snapshot.getLong("seq") + 1).put("line", sales));
    assertThat(model.rollover()).isEmpty();

    clock.advance(Duration.ofMinutes(10));
    List<JsonObject> frames = model.apply(assigned("w", "sales", 8, lateEvening.plusSeconds(60), clock.instant()));
    assertThat(frames.get(1).getJsonObject("line").getInteger("answered")).isEqualTo(1);
    assertThat(frames.get(1).getJsonObject("line").getDouble("serviceLevel")).isEqualTo(0.0);
  }

  @Test
  void presenceShouldListAgentAndKeepItWhenItGoesOffline() {
    JsonObject available = only(model.apply(presence(7, AgentState.AVAILABLE, T0)));
    assertThat(model.apply(presence(7, AgentState.AVAILABLE, T0))).as("nothing changed").isEmpty();
    JsonObject offline = only(model.apply(presence(7, AgentState.OFFLINE, T0.plusSeconds(60))));

    assertThat(available).isEqualTo(new JsonObject().put("v", 1).put("type", "agent").put("seq", 1L)
        .put("agent", new JsonObject().put("agentId", 7L).put("state", "available").put("reason", null)
            .put("since", "2025-03-10T09:00:00Z").put("activeChats", 0).put("registered", true)));
    assertThat(offline.getJsonObject("agent").getString("state")).isEqualTo("offline");
    assertThat(model.snapshot().getJsonArray("agents")).containsExactly(offline.getJsonObject("agent"));
  }

  @Test
  void seqShouldRiseByOneAcrossFramesAndSnapshotShouldCarryTheLastWhenEventsFlow() {
    assertThat(model.snapshot().getLong("seq")).isZero();
    List<JsonObject> frames = new ArrayList<>();
    frames.addAll(model.apply(presence(7, AgentState.AVAILABLE, T0)));
    frames.addAll(model.apply(queued("t1", "sales", T0)));
    frames.addAll(model.apply(offered("t1", "sales", T0.plusSeconds(20), 7L)));
    frames.addAll(model.apply(assigned("t1", "sales", 7, T0, T0.plusSeconds(5))));
    frames.addAll(model.apply(presence(7, AgentState.ON_CALL, T0.plusSeconds(5))));
    frames.addAll(model.apply(handled("t1", "sales", 7, T0, T0.plusSeconds(5), T0.plusSeconds(65))));

    assertThat(frames).extracting(f -> f.getLong("seq")).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    assertThat(frames).allSatisfy(f -> assertThat(f.getInteger("v")).isEqualTo(1));
    JsonObject snapshot = model.snapshot();
    assertThat(snapshot.getLong("seq")).isEqualTo(9L);
    assertThat(snapshot.getString("now")).isEqualTo("2025-03-10T09:00:00Z");
    assertThat(snapshot.getString("type")).isEqualTo("snapshot");
  }

  @Test
  void unwatchedModelShouldKeepTheStateAndRenderNoFrameUntilSomebodyWatches() {
    LiveModel watchedAll = new LiveModel(clock, id -> Optional.ofNullable(lines.get(id)));
    model.watched(false);
    List<JsonObject> unwatched = new ArrayList<>();
    for (LiveModel m : List.of(model, watchedAll)) {
      List<JsonObject> frames = new ArrayList<>();
      frames.addAll(m.apply(presence(7, AgentState.AVAILABLE, T0)));
      frames.addAll(m.apply(queued("t1", "sales", T0)));
      frames.addAll(m.apply(queued("t2", "sales", T0.plusSeconds(3))));
      frames.addAll(m.apply(offered("t1", "sales", T0.plusSeconds(20), 7L)));
      frames.addAll(m.apply(withdrawn("t1", WithdrawReason.DECLINED, 7L)));
      frames.addAll(m.apply(offered("t1", "sales", T0.plusSeconds(40), 7L)));
      frames.addAll(m.apply(assigned("t1", "sales", 7, T0, T0.plusSeconds(5))));
      frames.addAll(m.apply(abandoned("t2", "sales", T0.plusSeconds(3), T0.plusSeconds(9))));
      if (m == model) {
        unwatched.addAll(frames);
      }
    }

    assertThat(unwatched).as("frames while nobody watches").isEmpty();
    JsonObject quiet = model.snapshot();
    JsonObject loud = watchedAll.snapshot();
    assertThat(quiet.getLong("seq")).as("seq stands still unwatched").isZero();
    for (String part : List.of("tickets", "agents", "lines")) {
      assertThat(quiet.getJsonArray(part)).as(part + ": the same picture as a model watched all along")
          .isEqualTo(loud.getJsonArray(part));
    }

    model.watched(true);
    assertThat(model.apply(presence(7, AgentState.AVAILABLE, T0))).as("no change, no frame").isEmpty();
    List<JsonObject> frames = model.apply(handled("t1", "sales", 7, T0, T0.plusSeconds(5), T0.plusSeconds(65)));
    assertThat(frames).extracting(f -> f.getString("type")).containsExactly("ticket_removed", "line");
    assertThat(frames).extracting(f -> f.getLong("seq")).containsExactly(1L, 2L);
    assertThat(frames.get(1).getJsonObject("line").getInteger("answered")).isEqualTo(1);
    assertThat(frames.get(1).getJsonObject("line").getInteger("abandoned")).isEqualTo(1);
  }

  @Test
  void offeredShouldShowTheTicketWhenTheModelMissedItsQueued() {
    JsonObject frame = model.apply(offered("late", "sales", T0.plusSeconds(20), 7L)).get(0);

    assertThat(ticket(frame).getString("state")).isEqualTo("offered");
    assertThat(ticket(frame).getValue("arrivedAt")).isNull();
  }

  /** A line's "waiting now" and "longest waiting since" as the snapshot shows them. */
  private String waiting(String lineId) {
    for (Object line : model.snapshot().getJsonArray("lines")) {
      JsonObject figures = (JsonObject) line;
      if (figures.getString("lineId").equals(lineId)) {
        return figures.getInteger("waitingNow") + " since " + figures.getString("longestWaitingSince");
      }
    }
    throw new AssertionError("no figures for line " + lineId);
  }

  private static JsonObject only(List<JsonObject> frames) {
    assertThat(frames).hasSize(1);
    return frames.get(0);
  }

  private static JsonObject ticket(JsonObject frame) {
    assertThat(frame.getString("type")).isEqualTo("ticket");
    return frame.getJsonObject("ticket");
  }
}
