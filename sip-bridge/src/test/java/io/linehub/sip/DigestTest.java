package io.linehub.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DigestTest {

  private final AtomicLong now = new AtomicLong(Instant.parse("2026-11-23T10:00:00Z").toEpochMilli());
  private final Clock clock = new Clock() {
    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(now.get());
    }
  };
  private final Digest digest = new Digest(clock);

  @Test
  void ha1ShouldMatchRfc2617Example() {
    // RFC 2617 §3.5: Mufasa / testrealm@host.com / "Circle Of Life".
    assertThat(Digest.ha1("Mufasa", "testrealm@host.com", "Circle Of Life"))
        .isEqualTo("939e7578ed9e3c518a452acee763bce9");
  }

  @Test
  void checkShouldAcceptTheRightResponseAndRefuseAnyOther() {
    String ha1 = Digest.ha1("101", "linehub", "secret-pass");
    String nonce = digest.nonce();
    String response = response(ha1, nonce, "sip:127.0.0.1", "00000001", "abc");

    assertThat(digest.check(ha1, "REGISTER", "sip:127.0.0.1", nonce, "00000001", "abc", "auth", response))
        .isEqualTo(Digest.Check.OK);
    assertThat(digest.check(Digest.ha1("101", "linehub", "guess"), "REGISTER", "sip:127.0.0.1", nonce, "00000001",
        "abc", "auth", response)).isEqualTo(Digest.Check.WRONG);
    assertThat(digest.check(ha1, "REGISTER", "sip:127.0.0.1", "forged.nonce", "00000001", "abc", "auth", response))
        .isEqualTo(Digest.Check.WRONG);
    assertThat(new Digest(clock).check(ha1, "REGISTER", "sip:127.0.0.1", nonce, "00000001", "abc", "auth",
        response)).as("a nonce of another process (another key)").isEqualTo(Digest.Check.WRONG);
  }

  @Test
  void checkShouldCallAnOldNonceStale() {
    String ha1 = Digest.ha1("101", "linehub", "secret-pass");
    String nonce = digest.nonce();
    String response = response(ha1, nonce, "sip:127.0.0.1", "00000001", "abc");
    now.addAndGet(Digest.NONCE_LIFETIME.toMillis() + 1);

    assertThat(digest.check(ha1, "REGISTER", "sip:127.0.0.1", nonce, "00000001", "abc", "auth", response))
        .isEqualTo(Digest.Check.STALE);
  }

  private static String response(String ha1, String nonce, String uri, String nc, String cnonce) {
    return Digest.md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + Digest.md5("REGISTER:" + uri));
  }
}
