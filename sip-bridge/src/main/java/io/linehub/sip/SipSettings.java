package io.linehub.sip;

import java.time.Duration;

/**
 * How sip-bridge listens and authenticates.
 *
 * @param host the address to bind (UDP and TCP)
 * @param port the SIP port, the same for UDP and TCP
 * @param advertisedHost the address put in Via/Contact (NAT, containers); the bound one when empty
 * @param realm the digest realm; agents' HA1 is computed with it
 * @param minExpires shortest registration accepted (423 Interval Too Brief below it)
 * @param maxExpires longest registration granted (longer requests are shortened)
 */
public record SipSettings(String host, int port, String advertisedHost, String realm, Duration minExpires,
    Duration maxExpires) {

  public static SipSettings of(String host, int port, String advertisedHost, String realm) {
    return new SipSettings(host, port, advertisedHost, realm, Duration.ofSeconds(60), Duration.ofSeconds(3600));
  }

  public String contactHost() {
    return advertisedHost == null || advertisedHost.isBlank() ? host : advertisedHost;
  }
}
