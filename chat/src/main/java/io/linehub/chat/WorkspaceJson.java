package io.linehub.chat;

import io.linehub.api.routing.PresenceChanged;
import io.linehub.api.sip.CallEnded;
import io.linehub.api.sip.CallEvent;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/** The agent workspace's {@code state} and {@code call} frames (docs/chat-protocol.md). */
final class WorkspaceJson {

  private WorkspaceJson() {
  }

  static JsonObject state(PresenceChanged change) {
    return new JsonObject().put("state", lower(change.state().name())).put("reason", change.reason())
        .put("since", change.since() == null ? null : change.since().toString())
        .put("activeChats", change.activeChats()).put("registered", change.registered());
  }

  static JsonObject call(CallEvent event) {
    return new JsonObject().put("callId", event.callId()).put("event", lower(event.type().name()))
        .put("direction", event.direction() == null ? null : lower(event.direction().name()))
        .put("lineId", event.lineId()).put("from", event.from()).put("to", event.to())
        .put("detail", event.detail()).put("at", event.at() == null ? null : event.at().toString());
  }

  static JsonObject ended(CallEnded end) {
    return new JsonObject().put("callId", end.callId()).put("event", "ended")
        .put("direction", end.direction() == null ? null : lower(end.direction().name()))
        .put("lineId", end.lineId()).put("from", end.from()).put("to", end.to()).put("agentId", end.agentId())
        .put("disposition", end.disposition() == null ? null : lower(end.disposition().name()))
        .put("sipCode", end.sipCode()).put("waitSeconds", end.waitSeconds()).put("talkSeconds", end.talkSeconds())
        .put("at", end.endedAt() == null ? null : end.endedAt().toString());
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
