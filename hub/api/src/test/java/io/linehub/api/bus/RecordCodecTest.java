package io.linehub.api.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.crm.Channel;
import io.linehub.api.crm.Direction;
import io.linehub.api.crm.Identity;
import io.linehub.api.crm.Interaction;
import io.linehub.api.crm.LinkPolicy;
import io.linehub.api.crm.Outcome;
import io.linehub.api.crm.Recording;
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
}
