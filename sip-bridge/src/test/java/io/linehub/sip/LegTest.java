package io.linehub.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The o= version each party sees from the B2BUA (RFC 3264 §8), whoever wrote the SDP. */
class LegTest {

  private static final String AGENT = "v=0\r\no=agent 1 %d IN IP4 10.0.0.2\r\nc=IN IP4 10.0.0.2\r\n"
      + "m=audio 4000 RTP/AVP 0\r\n%s";

  @Test
  void versionedShouldPassAPhonesOwnNumberingThrough() {
    Leg customer = leg();
    customer.sent(sdp(1, ""));

    assertThat(text(customer.versioned(sdp(2, "a=sendonly\r\n")))).isEqualTo(text(sdp(2, "a=sendonly\r\n")));
  }

  @Test
  void versionedShouldGoOneUpFromWhatThePartySawWhenTheHubChangedTheDescription() {
    Leg customer = leg();
    customer.sent(sdp(1, ""));

    byte[] hold = customer.versioned(Sdp.inactive(sdp(1, "")));
    assertThat(Sdp.version(hold)).isEqualTo(2);
    assertThat(Sdp.version(customer.versioned(Sdp.inactive(sdp(1, ""))))).as("until sent, a retry is the same")
        .isEqualTo(2);
    customer.sent(hold);
    assertThat(Sdp.version(customer.versioned(hold))).as("unchanged: the same version").isEqualTo(2);
    // The phone's own next SDP (its version 2) follows on from the hub's, not back to 2.
    assertThat(Sdp.version(customer.versioned(sdp(2, "a=sendrecv\r\n")))).isEqualTo(3);
  }

  @Test
  void versionedShouldLeaveBodiesAloneBeforeAnythingWasSentOrWithoutAnOrigin() {
    assertThat(text(leg().versioned(sdp(5, "")))).isEqualTo(text(sdp(5, "")));
    Leg customer = leg();
    customer.sent(sdp(1, ""));
    byte[] dtmf = "Signal=1\r\nDuration=160\r\n".getBytes(StandardCharsets.US_ASCII);
    assertThat(customer.versioned(dtmf)).isSameAs(dtmf);
  }

  private static Leg leg() {
    return new Leg(null, Leg.Kind.CALLER, null, "caller", "call-1", null, null, Instant.EPOCH, null);
  }

  private static byte[] sdp(int version, String direction) {
    return String.format(AGENT, version, direction).getBytes(StandardCharsets.US_ASCII);
  }

  private static String text(byte[] sdp) {
    return new String(sdp, StandardCharsets.US_ASCII);
  }
}
