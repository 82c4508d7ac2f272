package io.linehub.openlines;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.openlines.connector.InboundEvent;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The inbox's JSON form of an event, as a row taken back from the database reads it. */
class EventJsonTest {

  @Test
  void messageShouldReadBackWithItsFilesAndWithoutThem() {
    var withFiles = new InboundEvent.Message("site:v:c-1", "visitor:v", "Vera", "", List.of(),
        Instant.parse("2025-01-02T03:04:05Z"), List.of(41L, 42L));
    var plain = new InboundEvent.Message("tg-1", "100", "Ivan", "hi", List.of(), null);

    // Through text, as jsonb gives it back.
    assertThat(EventJson.from(new JsonObject(EventJson.of(withFiles).encode()))).isEqualTo(withFiles);
    assertThat(EventJson.from(new JsonObject(EventJson.of(plain).encode()))).isEqualTo(plain);
    assertThat(EventJson.of(plain).containsKey("attachments")).as("other channels' rows unchanged").isFalse();
  }

  @Test
  void rowStoredBeforeFilesExistedShouldReadAsAMessageWithoutFiles() {
    JsonObject old = new JsonObject().put("kind", "message").put("externalId", "tg-2").put("customerKey", "100")
        .put("text", "hello").put("sentAt", null).put("attachments", null);
    assertThat(((InboundEvent.Message) EventJson.from(old)).attachments()).isEmpty();
  }
}
