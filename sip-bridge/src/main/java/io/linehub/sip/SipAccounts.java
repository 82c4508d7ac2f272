package io.linehub.sip;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * Agents' SIP credentials by extension. The hub implements it over its user store; sip-bridge
 * never sees a plain SIP password, only HA1 = MD5(extension:realm:password) (RFC 2617 §3.2.2.2).
 */
public interface SipAccounts {

  record Account(long userId, String extension, String ha1) {
  }

  /** The active user with this extension and a SIP password set, if any. */
  Future<Optional<Account>> byExtension(String extension);
}
