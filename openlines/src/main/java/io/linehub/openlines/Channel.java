package io.linehub.openlines;

import io.linehub.openlines.connector.ChannelConfig;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** A configured channel as stored: its connector view, its display name and whether it is on. */
record Channel(ChannelConfig config, String name, boolean enabled, Instant createdAt) {

  String id() {
    return config.id();
  }

  /** The API form: settings as they are, secrets only by name (never their values). */
  JsonObject toJson() {
    JsonObject secrets = new JsonObject();
    config.secrets().keySet().stream().sorted().forEach(key -> secrets.put(key, "set"));
    return new JsonObject().put("id", config.id()).put("kind", config.kind()).put("lineId", config.lineId())
        .put("name", name).put("baseUrl", config.baseUrl()).put("settings", new JsonObject(new java.util.TreeMap<>(
            config.settings()))).put("secrets", secrets).put("enabled", enabled).put("webhookPath", "/hooks/" + id())
        .put("createdAt", createdAt.toString());
  }
}
