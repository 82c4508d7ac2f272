package io.linehub.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.chat.PersonPresence;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PresenceTest {

  final Presence presence = new Presence(Clock.fixed(Instant.parse("2026-12-05T10:00:00Z"), ZoneOffset.UTC));

  @Test
  void statusShouldFollowConnectionsAndAgentStateAndChangeOnlyOnce() {
    assertThat(presence.of(7).status()).isEqualTo("offline");
    assertThat(presence.connected(7)).map(PersonPresence::status).contains("online");
    assertThat(presence.connected(7)).as("a second device changes nothing").isEmpty();
    assertThat(presence.away(7, true)).map(PersonPresence::status).contains("away");
    assertThat(presence.disconnected(7)).as("one device left").isEmpty();
    assertThat(presence.disconnected(7)).map(PersonPresence::status).contains("offline");
    assertThat(presence.away(7, false)).as("away while offline shows nothing").isEmpty();
    assertThat(presence.connected(7)).map(PersonPresence::status).contains("online");
  }

  @Test
  void agentStateOfSomeoneNeverConnectedShouldChangeNothing() {
    assertThat(presence.away(9, true)).isEmpty();
    assertThat(presence.of(9).status()).isEqualTo("offline");
  }
}
