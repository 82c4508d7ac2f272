package io.linehub.sip;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * The address a peer can reach the hub at: the advertised one, or the bound one, or — when bound to
 * every interface — the local address the route to the peer leaves from. That last one is asked of
 * the routing table with a connected datagram socket (which sends nothing): four system calls and a
 * socket, and the B2BUA needs it four times a call (Via, Contact towards the agent, Contact in the
 * 180 and 200 to the caller). So it is remembered per peer host for {@link #TTL}; a route that
 * changes (an interface up or down, a VPN) is followed within that time.
 */
final class LocalAddresses {

  static final Duration TTL = Duration.ofSeconds(60);
  /** More peers than this (a scan of addresses) and the memory starts afresh. */
  static final int MAX_HOSTS = 10_000;
  /** The routing table is the machine's: one memory for every stack in the process. */
  static final LocalAddresses SHARED = new LocalAddresses(LocalAddresses::routeSource, System::nanoTime);

  private final UnaryOperator<String> route;
  private final LongSupplier nanos;
  private final ConcurrentHashMap<String, Remembered> byHost = new ConcurrentHashMap<>();

  private record Remembered(String address, long until) {
  }

  /**
   * @param route the local address the route to a host leaves from, null when there is none;
   *     {@code nanos} the clock
   */
  LocalAddresses(UnaryOperator<String> route, LongSupplier nanos) {
    this.route = route;
    this.nanos = nanos;
  }

  /** The hub's address as the peer at {@code host} should see it. */
  String towards(SipSettings settings, String host) {
    String configured = settings.contactHost();
    if (!configured.equals("0.0.0.0") && !configured.equals("::")) {
      return configured;
    }
    long now = nanos.getAsLong();
    Remembered known = byHost.get(host);
    if (known != null && now - known.until < 0) {
      return known.address;
    }
    if (byHost.size() >= MAX_HOSTS) {
      byHost.clear();
    }
    String address = route.apply(host);
    if (address == null) {
      return "127.0.0.1"; // no route now (unknown name, network down): asked again next time
    }
    byHost.put(host, new Remembered(address, now + TTL.toNanos()));
    return address;
  }

  private static String routeSource(String host) {
    try (DatagramSocket probe = new DatagramSocket()) {
      // The port plays no part in choosing the route.
      probe.connect(new InetSocketAddress(host, 5060));
      return probe.getLocalAddress().getHostAddress();
    } catch (Exception e) {
      return null;
    }
  }
}
