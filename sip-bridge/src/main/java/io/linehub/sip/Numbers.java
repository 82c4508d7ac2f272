package io.linehub.sip;

import java.util.regex.Pattern;

/**
 * Telephone numbers as SIP carries them (the user part of a URI). These run on every call, so no
 * pattern is compiled per call: character loops, or patterns compiled once.
 */
final class Numbers {

  /** What an agent may dial out: digits, * and #, with an optional +. */
  private static final Pattern DIALLED = Pattern.compile("\\+?[0-9*#]{2,32}");
  /** A transfer target outside the hub: a number, with an optional +. */
  private static final Pattern EXTERNAL = Pattern.compile("\\+?[0-9]{3,32}");

  private Numbers() {
  }

  /** A dialled number as lines store it: E.164 with a plus. */
  static String normalize(String number) {
    StringBuilder digits = new StringBuilder(number.length() + 1).append('+');
    for (int i = 0; i < number.length(); i++) {
      char c = number.charAt(i);
      if (c >= '0' && c <= '9') {
        digits.append(c);
      }
    }
    return digits.toString();
  }

  /** A phone number as a caller ID carries it: an optional + and at least five digits, nothing else. */
  static boolean isPhoneNumber(String user) {
    int start = user.startsWith("+") ? 1 : 0;
    if (user.length() - start < 5) {
      return false;
    }
    for (int i = start; i < user.length(); i++) {
      char c = user.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** Whether an agent may dial this out through the trunk. */
  static boolean isDialable(String number) {
    return DIALLED.matcher(number).matches();
  }

  /** Whether a transfer target is a number outside the hub. */
  static boolean isExternal(String target) {
    return EXTERNAL.matcher(target).matches();
  }
}
