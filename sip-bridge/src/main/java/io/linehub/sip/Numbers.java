package io.linehub.sip;

/**
 * Telephone numbers as SIP carries them (the user part of a URI). Character loops, not regular
 * expressions: these run several times on every call.
 */
final class Numbers {

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
}
