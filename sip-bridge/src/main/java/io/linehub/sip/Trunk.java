package io.linehub.sip;

import java.util.List;

/**
 * A SIP trunk: the provider or office PBX calls come from and go out through.
 *
 * @param inboundAddresses IP addresses trusted as this trunk's for inbound calls (the resolved
 *     {@code host} is always one of them)
 * @param username the digest user name for the provider's 401/407 and for registration; null when
 *     the provider trusts Linehub by address
 * @param password kept as given (the provider's realm is unknown in advance); never shown by the API
 * @param register whether Linehub registers to the provider as {@code username}
 * @param registerExpires the registration interval asked for, seconds
 * @param outbound whether outbound calls may use this trunk (the first such trunk by id does)
 * @param callerId the number presented on outbound calls whose line has none; E.164 or null
 */
public record Trunk(String id, String name, String host, int port, String transport, List<String> inboundAddresses,
    String username, String password, boolean register, int registerExpires, boolean outbound, String callerId) {

  public Trunk {
    inboundAddresses = inboundAddresses == null ? List.of() : List.copyOf(inboundAddresses);
  }

  /** A trunk trusted by address only, carrying outbound calls without credentials. */
  public static Trunk byAddress(String id, String host, int port, String transport) {
    return new Trunk(id, id, host, port, transport, List.of(), null, null, false, 300, true, null);
  }

  public boolean hasCredentials() {
    return username != null && password != null;
  }

  @Override
  public String toString() {
    // Never the password, should a trunk end up in a log line.
    return "Trunk[" + id + " " + host + ":" + port + "/" + transport + (username == null ? "" : " as " + username)
        + "]";
  }
}
