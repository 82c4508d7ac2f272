package io.linehub.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LocalAddressesTest {

  final List<String> asked = new ArrayList<>();
  final AtomicLong nanos = new AtomicLong(1_000);
  final LocalAddresses addresses = new LocalAddresses(host -> {
    asked.add(host);
    return host.startsWith("unroutable") ? null : host.startsWith("10.") ? "10.0.0.5" : "192.168.1.5";
  }, nanos::get);

  @Test
  void anAdvertisedOrBoundAddressShouldBeTakenAsItIs() {
    assertThat(addresses.towards(settings("0.0.0.0", "sip.example.com"), "10.1.1.1")).isEqualTo("sip.example.com");
    assertThat(addresses.towards(settings("192.168.1.5", ""), "10.1.1.1")).isEqualTo("192.168.1.5");
    assertThat(asked).isEmpty();
  }

  @Test
  void theRouteToEachPeerShouldBeAskedOnceAMinute() {
    SipSettings any = settings("0.0.0.0", "");
    for (int i = 0; i < 4; i++) {
      assertThat(addresses.towards(any, "10.1.1.1")).isEqualTo("10.0.0.5");
      assertThat(addresses.towards(any, "203.0.113.9")).isEqualTo("192.168.1.5");
    }
    assertThat(asked).containsExactly("10.1.1.1", "203.0.113.9");

    nanos.addAndGet(LocalAddresses.TTL.toNanos() - 1);
    addresses.towards(any, "10.1.1.1");
    assertThat(asked).hasSize(2);
    nanos.addAndGet(1);
    addresses.towards(any, "10.1.1.1");
    assertThat(asked).as("asked again once the minute is over").containsExactly("10.1.1.1", "203.0.113.9", "10.1.1.1");
  }

  @Test
  void aScanOfManyPeersShouldNotGrowTheMemoryWithoutBound() {
    SipSettings any = settings("::", "");
    for (int i = 0; i <= LocalAddresses.MAX_HOSTS; i++) {
      addresses.towards(any, "203.0." + (i / 256) + "." + (i % 256));
    }
    asked.clear();
    addresses.towards(any, "203.0.0.0");
    assertThat(asked).as("forgotten when the memory started afresh").containsExactly("203.0.0.0");
    addresses.towards(any, "203.0.0.0");
    assertThat(asked).hasSize(1);
  }

  @Test
  void aPeerWithoutARouteShouldGetLoopbackAndBeAskedAgain() {
    SipSettings any = settings("0.0.0.0", "");
    assertThat(addresses.towards(any, "unroutable.example")).isEqualTo("127.0.0.1");
    assertThat(addresses.towards(any, "unroutable.example")).isEqualTo("127.0.0.1");
    assertThat(asked).containsExactly("unroutable.example", "unroutable.example");
  }

  @Test
  void theSharedMemoryShouldAnswerWithALocalAddressOfThisMachine() {
    assertThat(LocalAddresses.SHARED.towards(settings("0.0.0.0", ""), "127.0.0.1")).isEqualTo("127.0.0.1");
  }

  private static SipSettings settings(String host, String advertised) {
    return SipSettings.of(host, 5060, advertised, "linehub", Duration.ofSeconds(30), Duration.ofMillis(500));
  }
}
