package io.linehub.server.supervisor;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * A line's counters for one local day. The owner resets them when the line's local date changes;
 * a stale day renders as zeros so a snapshot never shows yesterday's figures as today's.
 */
final class LineFigures {

  /** What the model knows of a line's settings: from the line store, or UTC and 20 s. */
  record Settings(String name, ZoneId zone, Duration serviceLevel) {
  }

  final String lineId;
  private LocalDate day;
  private int offered;
  private int answered;
  private int answeredInTime;
  private long waitMillis;
  private int abandoned;
  private int fellBack;
  private int handled;
  private long handleMillis;
  /** The last line object sent, so a frame goes out only when something a client sees changed. */
  JsonObject lastSent;

  LineFigures(String lineId, LocalDate day) {
    this.lineId = lineId;
    this.day = day;
  }

  /** Starts a new day when {@code today} differs; true when it did. */
  boolean rollTo(LocalDate today) {
    if (today.equals(day)) {
      return false;
    }
    day = today;
    offered = answered = answeredInTime = abandoned = fellBack = handled = 0;
    waitMillis = handleMillis = 0;
    return true;
  }

  void offered() {
    offered++;
  }

  /** Counts an answer; within the service level when the wait is at most the threshold. */
  void answered(Instant arrivedAt, Instant assignedAt, Duration threshold) {
    answered++;
    if (arrivedAt != null && assignedAt != null) {
      Duration wait = Duration.between(arrivedAt, assignedAt);
      waitMillis += Math.max(0, wait.toMillis());
      if (wait.compareTo(threshold) <= 0) {
        answeredInTime++;
      }
    }
  }

  void abandoned() {
    abandoned++;
  }

  void fellBack() {
    fellBack++;
  }

  void handled(Instant assignedAt, Instant endedAt) {
    if (assignedAt != null && endedAt != null) {
      handled++;
      handleMillis += Math.max(0, Duration.between(assignedAt, endedAt).toMillis());
    }
  }

  JsonObject toJson(Settings settings, LocalDate today, int waitingNow, Instant longestWaitingSince) {
    boolean current = today.equals(day);
    int answeredToday = current ? answered : 0;
    int abandonedToday = current ? abandoned : 0;
    int handledToday = current ? handled : 0;
    int slBase = answeredToday + abandonedToday;
    return new JsonObject()
        .put("lineId", lineId)
        .put("name", settings.name())
        .put("zone", settings.zone().getId())
        .put("date", today.toString())
        .put("waitingNow", waitingNow)
        .put("longestWaitingSince", Frames.time(longestWaitingSince))
        .put("offered", current ? offered : 0)
        .put("answered", answeredToday)
        .put("abandoned", abandonedToday)
        .put("fellBack", current ? fellBack : 0)
        .put("serviceLevel", slBase == 0 ? null : tenths(100.0 * (current ? answeredInTime : 0) / slBase))
        .put("serviceLevelThresholdSec", settings.serviceLevel().toMillis() / 1000.0)
        .put("asaSec", answeredToday == 0 ? null : tenths(waitMillis / 1000.0 / answeredToday))
        .put("ahtSec", handledToday == 0 ? null : tenths(handleMillis / 1000.0 / handledToday));
  }

  private static double tenths(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
