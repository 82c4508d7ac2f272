package io.linehub.sip;

import java.util.List;

/**
 * A SIP trunk: the provider or office PBX calls come from and go out through.
 *
 * @param inboundAddresses IP addresses trusted as this trunk's for inbound calls (the resolved
 *     {@code host} is always one of them)
 */
public record Trunk(String id, String name, String host, int port, String transport, List<String> inboundAddresses) {

  public Trunk {
    inboundAddresses = inboundAddresses == null ? List.of() : List.copyOf(inboundAddresses);
  }
}
