package io.linehub.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SdpTest {

  private static final String HELD = "v=0\r\nc=IN IP4 10.0.0.1\r\nm=audio 4000 RTP/AVP 0\r\na=sendonly\r\n";
  private static final String PLAIN = "v=0\r\nc=IN IP4 10.0.0.1\r\nm=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

  @Test
  void holdShouldBeReadFromSendonlyInactiveOrTheNullAddress() {
    assertThat(Sdp.holds(bytes(HELD))).isTrue();
    assertThat(Sdp.holds(bytes(PLAIN))).isFalse();
    assertThat(Sdp.holds(bytes(PLAIN.replace("10.0.0.1", "0.0.0.0")))).isTrue();
    assertThat(Sdp.holds(null)).isFalse();
  }

  @Test
  void activeShouldTurnEveryDirectionIntoSendrecvAndKeepTheRest() {
    assertThat(text(Sdp.active(bytes(HELD)))).isEqualTo(HELD.replace("a=sendonly", "a=sendrecv"));
    assertThat(text(Sdp.active(bytes(PLAIN)))).as("no direction: nothing to change").isEqualTo(PLAIN);
  }

  @Test
  void inactiveShouldReplaceTheDirectionOrAddOneAfterTheMediaLine() {
    assertThat(text(Sdp.inactive(bytes(HELD)))).isEqualTo(HELD.replace("a=sendonly", "a=inactive"));
    assertThat(text(Sdp.inactive(bytes(PLAIN)))).isEqualTo(
        "v=0\r\nc=IN IP4 10.0.0.1\r\nm=audio 4000 RTP/AVP 0\r\na=inactive\r\na=rtpmap:0 PCMU/8000\r\n");
    assertThat(text(Sdp.inactive(bytes("v=0\nm=audio 1 RTP/AVP 0")))).isEqualTo("v=0\nm=audio 1 RTP/AVP 0\na=inactive");
  }

  @Test
  void resumedShouldSaySendrecvOnEveryStreamEvenWhereNoDirectionWasGiven() {
    assertThat(text(Sdp.resumed(bytes(HELD)))).isEqualTo(HELD.replace("a=sendonly", "a=sendrecv"));
    assertThat(text(Sdp.resumed(bytes(PLAIN)))).isEqualTo(
        "v=0\r\nc=IN IP4 10.0.0.1\r\nm=audio 4000 RTP/AVP 0\r\na=sendrecv\r\na=rtpmap:0 PCMU/8000\r\n");
  }

  @Test
  void versionShouldBeReadAndWrittenOnTheOriginLineOnly() {
    String sdp = "v=0\r\no=alice 2890844526 7 IN IP4 10.0.0.1\r\nc=IN IP4 10.0.0.1\r\nm=audio 4000 RTP/AVP 0\r\n";
    assertThat(Sdp.version(bytes(sdp))).isEqualTo(7);
    assertThat(text(Sdp.withVersion(bytes(sdp), 8))).isEqualTo(sdp.replace(" 7 IN", " 8 IN"));
    assertThat(Sdp.withVersion(bytes(sdp), 7)).as("unchanged: the same bytes").isEqualTo(bytes(sdp));
    assertThat(Sdp.version(bytes(PLAIN))).as("no o= line").isEqualTo(-1);
    assertThat(text(Sdp.withVersion(bytes(PLAIN), 3))).isEqualTo(PLAIN);
    assertThat(Sdp.version(null)).isEqualTo(-1);
  }

  private static byte[] bytes(String sdp) {
    return sdp.getBytes(StandardCharsets.US_ASCII);
  }

  private static String text(byte[] sdp) {
    return new String(sdp, StandardCharsets.US_ASCII);
  }
}
