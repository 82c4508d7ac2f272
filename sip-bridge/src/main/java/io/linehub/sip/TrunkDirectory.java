package io.linehub.sip;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which trunk a request comes from, by source address. Read on the SIP context for every INVITE,
 * replaced whole when trunks change; {@link #replace} resolves host names, so call it on a worker.
 */
public final class TrunkDirectory {

  private static final Logger LOG = LoggerFactory.getLogger(TrunkDirectory.class);

  private volatile Map<String, Trunk> bySource = Map.of();
  private volatile Optional<Trunk> outbound = Optional.empty();
  private volatile List<Trunk> all = List.of();

  /** Blocking: resolves each trunk's host. */
  public void replace(List<Trunk> trunks) {
    Map<String, Trunk> next = new HashMap<>();
    for (Trunk trunk : trunks) {
      trunk.inboundAddresses().forEach(address -> next.put(address, trunk));
      try {
        for (InetAddress address : InetAddress.getAllByName(trunk.host())) {
          next.putIfAbsent(address.getHostAddress(), trunk);
        }
      } catch (UnknownHostException e) {
        LOG.warn("Trunk host does not resolve; only its listed addresses are trusted [trunk: {}, host: {}]",
            trunk.id(), trunk.host());
      }
    }
    bySource = Map.copyOf(next);
    outbound = trunks.stream().filter(Trunk::outbound).min(java.util.Comparator.comparing(Trunk::id));
    all = List.copyOf(trunks);
  }

  /** Every trunk, as last loaded. */
  public List<Trunk> all() {
    return all;
  }

  /** The trunk outbound calls go out through: the first by id that carries outbound calls. */
  public Optional<Trunk> outbound() {
    return outbound;
  }

  public Optional<Trunk> bySource(String address) {
    return Optional.ofNullable(bySource.get(address));
  }
}
