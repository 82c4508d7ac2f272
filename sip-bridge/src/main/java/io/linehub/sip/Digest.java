package io.linehub.sip;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HTTP digest for SIP (RFC 2617 with qop=auth, as RFC 3261 §22.4 uses it). Nonces are stateless:
 * the issue time and an HMAC over it under a key made at start, so any nonce this process issued
 * verifies without a table, and a nonce older than {@link #NONCE_LIFETIME} is answered with
 * {@code stale=true} (the phone retries with the new nonce without asking its user).
 */
public final class Digest {

  static final Duration NONCE_LIFETIME = Duration.ofMinutes(5);

  private final byte[] key = new byte[32];
  private final Clock clock;

  public Digest(Clock clock) {
    new SecureRandom().nextBytes(key);
    this.clock = clock;
  }

  public static String ha1(String username, String realm, String password) {
    return md5(username + ":" + realm + ":" + password);
  }

  public String nonce() {
    String issued = Long.toString(clock.millis(), 36);
    return issued + "." + hmac(issued);
  }

  enum Check { OK, STALE, WRONG }

  /** Checks a response computed over {@code ha1}; STALE for a genuine nonce past its lifetime. */
  Check check(String ha1, String method, String uri, String nonce, String nc, String cnonce, String qop,
      String response) {
    if (nonce == null || response == null || uri == null) {
      return Check.WRONG;
    }
    int dot = nonce.indexOf('.');
    if (dot <= 0 || !MessageDigest.isEqual(hmac(nonce.substring(0, dot)).getBytes(StandardCharsets.US_ASCII),
        nonce.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
      return Check.WRONG;
    }
    String expected = response(ha1, method, uri, nonce, nc, cnonce, qop);
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        response.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
      return Check.WRONG;
    }
    long issued;
    try {
      issued = Long.parseLong(nonce.substring(0, dot), 36);
    } catch (NumberFormatException e) {
      return Check.WRONG;
    }
    return clock.millis() - issued > NONCE_LIFETIME.toMillis() ? Check.STALE : Check.OK;
  }

  /** The request-digest of RFC 2617 §3.2.2.1 (MD5; with {@code qop} "auth", or without qop). */
  static String response(String ha1, String method, String uri, String nonce, String nc, String cnonce,
      String qop) {
    String ha2 = md5(method + ":" + uri);
    return qop == null
        ? md5(ha1 + ":" + nonce + ":" + ha2)
        : md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
  }

  static String md5(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("MD5 is required of every JVM", e);
    }
  }

  private String hmac(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] sum = mac.doFinal(text.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(sum).substring(0, 22);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
    }
  }
}
