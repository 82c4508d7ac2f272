package io.linehub.server.routing;

import io.linehub.api.routing.PresenceChanged;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/** The REST wire form of an agent's presence: lower-case enums, ISO instants. */
final class PresenceJson {

  private PresenceJson() {
  }

  static JsonObject of(PresenceChanged presence) {
    return new JsonObject()
        .put("agentId", presence.agentId())
        .put("state", presence.state().name().toLowerCase(Locale.ROOT))
        .put("reason", presence.reason())
        .put("since", presence.since().toString())
        .put("activeChats", presence.activeChats())
        .put("registered", presence.registered());
  }
}
