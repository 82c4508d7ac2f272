package io.linehub.sip;

import java.nio.charset.StandardCharsets;

/** The little of SDP (RFC 4566) the B2BUA reads: whether a party put the call on hold (RFC 3264 §8.4). */
final class Sdp {

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
    for (String raw : sdp.split("\r?\n")) {
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
    return direction(body, "a=sendrecv");
  }

  /** The SDP with every direction attribute {@code inactive}: an answer that sends no media. */
  static byte[] inactive(byte[] body) {
    return direction(body, "a=inactive");
  }

  /** Every direction attribute replaced by {@code attribute}; with none, it is added after each m= line. */
  private static byte[] direction(byte[] body, String attribute) {
    if (body == null) {
      return null;
    }
    String sdp = new String(body, StandardCharsets.US_ASCII);
    String eol = sdp.contains("\r\n") ? "\r\n" : "\n";
    StringBuilder out = new StringBuilder();
    boolean found = sdp.lines().anyMatch(Sdp::isDirection);
    for (String line : sdp.split("\r?\n", -1)) {
      out.append(isDirection(line) ? attribute : line);
      if (!found && line.startsWith("m=") && !attribute.equals("a=sendrecv")) {
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
