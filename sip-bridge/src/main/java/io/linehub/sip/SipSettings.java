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
 * @param keepAlive how often every registered contact is sent an OPTIONS; one that does not answer
 *     within this time (at most RFC 3261's 32 s transaction timeout) is dropped as a dead phone
 * @param overloadLag how far behind its events the B2BUA may fall before new calls are refused with
 *     503 ({@link Overload}); zero never refuses
 */
public record SipSettings(String host, int port, String advertisedHost, String realm, Duration minExpires,
    Duration maxExpires, Duration keepAlive, Duration overloadLag) {

  public static SipSettings of(String host, int port, String advertisedHost, String realm, Duration keepAlive,
      Duration overloadLag) {
    return new SipSettings(host, port, advertisedHost, realm, Duration.ofSeconds(60), Duration.ofSeconds(3600),
        keepAlive, overloadLag);
  }

  public String contactHost() {
    return advertisedHost == null || advertisedHost.isBlank() ? host : advertisedHost;
  }
}
