package io.linehub.openlines.site;

import io.linehub.openlines.connector.Hmac;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Visitor tokens: {@code v1.<visitor id>.<signature>}, the signature an HMAC-SHA256 of the channel id
 * and the visitor id under the channel's {@code visitorKey}. The browser keeps the token; whoever
 * holds it is that visitor (their history, their session), and nobody can make one for another
 * visitor id without the key.
 */
public final class VisitorTokens {

  private static final SecureRandom RANDOM = new SecureRandom();

  private VisitorTokens() {
  }

  /** A fresh random visitor id (128 bits, URL-safe). */
  public static String newVisitorId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A fresh key for a new site channel (256 bits). */
  public static String newKey() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static String sign(String key, String channelId, String visitorId) {
    return "v1." + visitorId + "." + Hmac.sha256Hex(key, (channelId + "\n" + visitorId).getBytes(StandardCharsets.UTF_8));
  }

  /** The visitor id a valid token carries, or null for anything else. */
  public static String verify(String key, String channelId, String token) {
    if (token == null || key == null) {
      return null;
    }
    String[] parts = token.split("\\.");
    if (parts.length != 3 || !"v1".equals(parts[0]) || !parts[1].matches("[A-Za-z0-9_-]{10,64}")) {
      return null;
    }
    return Hmac.same(sign(key, channelId, parts[1]), token) ? parts[1] : null;
  }

  /**
   * Whether {@code hash} is the site's proof that it signed {@code identifier} (its own user id):
   * hex HMAC-SHA256 of the identifier under the channel's {@code identitySecret}, as the site's back
   * end computes it.
   */
  public static boolean identityVerified(String identitySecret, String identifier, String hash) {
    return identitySecret != null && identifier != null && hash != null
        && Hmac.same(Hmac.sha256Hex(identitySecret, identifier.getBytes(StandardCharsets.UTF_8)), hash.toLowerCase());
  }
}
