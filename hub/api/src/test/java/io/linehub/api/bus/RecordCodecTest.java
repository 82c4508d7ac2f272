package io.linehub.api.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.crm.CardActivity;
import io.linehub.api.crm.Channel;
import io.linehub.api.crm.CustomerCard;
import io.linehub.api.crm.Direction;
import io.linehub.api.crm.Identity;
import io.linehub.api.crm.Interaction;
import io.linehub.api.crm.LinkPolicy;
import io.linehub.api.crm.Outcome;
import io.linehub.api.crm.OwnerFound;
import io.linehub.api.crm.Recording;
import io.linehub.api.routing.Media;
import io.linehub.api.routing.Offered;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordCodecTest {

  @Test
  void wireRoundTripShouldKeepEveryFieldWhenRecordIsNested() {
    var interaction = new Interaction("call-1@host", Channel.PHONE, Direction.INBOUND, Outcome.ANSWERED,
        List.of(Identity.phone("+74951234567"), Identity.email("A@B.ru")), "Ivan", 3L, "sales", 4L,
        Instant.parse("2026-11-23T10:15:30.123Z"), Instant.parse("2026-11-23T10:20:00Z"), 270,
        "subject", "body", new Recording("https://rec/1.wav", "audio/wav", 270, 1234L, "ab", 2, "pbx"),
        LinkPolicy.CREATE_LEAD);
    var codec = new RecordCodec<>(Interaction.class);
    Buffer buffer = Buffer.buffer().appendString("xx");
    codec.encodeToWire(buffer, interaction);

    assertThat(codec.decodeFromWire(2, buffer)).isEqualTo(interaction);
  }

  @Test
  void wireRoundTripShouldKeepTheCustomersCardWhenAnOfferCarriesIt() {
    var card = new CustomerCard("contact", 7, "Anna Petrova", "Rosinka LLC", 42L, List.of(
        new CardActivity(71, "callback", "open", "missed", "Missed call", Instant.parse("2026-11-23T10:15:30.123456Z")),
        new CardActivity(70, "call", "done", "answered", null, Instant.parse("2026-11-22T09:00:00Z"))));
    var offered = new Offered("call-1@host", "sales", Media.CALL, "+74951234567", List.of(3L, 4L),
        Instant.parse("2026-11-23T10:16:00Z"), card);
    var codec = new RecordCodec<>(Offered.class);
    Buffer buffer = Buffer.buffer();
    codec.encodeToWire(buffer, offered);

    assertThat(codec.decodeFromWire(0, buffer)).isEqualTo(offered);
  }

  @Test
  void wireRoundTripShouldKeepANullCardWhenTheCustomerIsUnknown() {
    var codec = new RecordCodec<>(OwnerFound.class);
    Buffer buffer = Buffer.buffer();
    codec.encodeToWire(buffer, new OwnerFound(null, null));

    assertThat(codec.decodeFromWire(0, buffer)).isEqualTo(new OwnerFound(null, null));
  }
}
