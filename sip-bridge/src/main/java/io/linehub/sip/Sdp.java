package io.linehub.sip;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The little of SDP (RFC 4566) the B2BUA reads and writes: whether a party put the call on hold and
 * the direction that holds or resumes it (RFC 3264 §8.4), and the origin's session version that
 * numbers each new description (RFC 3264 §8).
 */
final class Sdp {

  private static final Pattern LINES = Pattern.compile("\r?\n");

  /** The o= line: username, session id, then the session version (RFC 4566 §5.2). */
  private static final Pattern ORIGIN = Pattern.compile("(?m)^(o=\\S+ \\S+ )(\\d{1,18})(?= )");

  private Sdp() {
  }

  /**
   * True when the SDP holds the call: the session or every audio stream is {@code sendonly} or
   * {@code inactive}, or the connection address is 0.0.0.0 (RFC 2543 style hold, still sent by old
   * phones).
   */
  static boolean holds(byte[] body) {
    if (body == null || body.length == 0) {
      return false;
    }
    String sdp = new String(body, StandardCharsets.US_ASCII);
    boolean hold = false;
    for (String raw : LINES.split(sdp)) {
      String line = raw.trim();
      if (line.equals("a=sendonly") || line.equals("a=inactive") || line.startsWith("c=IN IP4 0.0.0.0")) {
        hold = true;
      } else if (line.equals("a=sendrecv") || line.equals("a=recvonly")) {
        hold = false;
      }
    }
    return hold;
  }

  /** The SDP with every direction attribute made {@code sendrecv}: a held party's last SDP offered to a new party. */
  static byte[] active(byte[] body) {
    return direction(body, "a=sendrecv", false);
  }

  /** The SDP with every direction {@code sendrecv}, said on each stream: the offer that takes a call off hold. */
  static byte[] resumed(byte[] body) {
    return direction(body, "a=sendrecv", true);
  }

  /** The SDP with every direction attribute {@code inactive}: an answer, or a hold offer, that sends no media. */
  static byte[] inactive(byte[] body) {
    return direction(body, "a=inactive", true);
  }

  /** The session version of the o= line, or -1 when the body has none. */
  static long version(byte[] body) {
    if (body == null) {
      return -1;
    }
    Matcher origin = ORIGIN.matcher(new String(body, StandardCharsets.US_ASCII));
    return origin.find() ? Long.parseLong(origin.group(2)) : -1;
  }

  /** The SDP with its o= session version set to {@code version}; the same bytes when it is already so or has no o=. */
  static byte[] withVersion(byte[] body, long version) {
    if (body == null || version(body) == version || version(body) < 0) {
      return body;
    }
    Matcher origin = ORIGIN.matcher(new String(body, StandardCharsets.US_ASCII));
    return origin.replaceFirst("$1" + version).getBytes(StandardCharsets.US_ASCII);
  }

  /** Every direction attribute replaced by {@code attribute}; with none, added after each m= line if {@code say}. */
  private static byte[] direction(byte[] body, String attribute, boolean say) {
    if (body == null) {
      return null;
    }
    String sdp = new String(body, StandardCharsets.US_ASCII);
    String eol = sdp.contains("\r\n") ? "\r\n" : "\n";
    StringBuilder out = new StringBuilder();
    boolean found = sdp.lines().anyMatch(Sdp::isDirection);
    for (String line : LINES.split(sdp, -1)) {
      out.append(isDirection(line) ? attribute : line);
      if (!found && say && line.startsWith("m=")) {
        out.append(eol).append(attribute);
      }
      out.append(eol);
    }
    // split keeps the text after the last line break as a last (empty) line: drop the extra break
    out.setLength(out.length() - eol.length());
    return out.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static boolean isDirection(String line) {
    return line.equals("a=sendrecv") || line.equals("a=sendonly") || line.equals("a=recvonly")
        || line.equals("a=inactive");
  }

}
