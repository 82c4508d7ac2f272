package io.linehub.sip;

import io.linehub.api.routing.RegistrationChanged;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where each extension can be reached: its registered contacts, each with its own expiry (a
 * phone and a softphone on one extension are two contacts). Confined to the SIP verticle's
 * context. An extension gaining its first contact or losing its last is a registration change of
 * its agent, which routing hears (no registered phone, no calls). Every change is kept in a
 * {@link SipBindingStore}, one extension's writes in order, and read back at startup.
 */
final class Bindings {

  record Binding(String contact, Instant expires, long timer) {
  }

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Bindings.class);

  private final Vertx vertx;
  private final SipBindingStore store;
  private final Consumer<RegistrationChanged> changed;
  private final Map<String, Map<String, Binding>> byExtension = new HashMap<>();
  private final Map<String, Long> agentOf = new HashMap<>();
  /** Per extension, the last write to the store: the next one starts after it, so they land in order. */
  private final Map<String, Future<Void>> writes = new HashMap<>();

  Bindings(Vertx vertx, Consumer<RegistrationChanged> changed) {
    this(vertx, SipBindingStore.NONE, changed);
  }

  Bindings(Vertx vertx, SipBindingStore store, Consumer<RegistrationChanged> changed) {
    this.vertx = vertx;
    this.store = store;
    this.changed = changed;
  }

  /** At startup: the contacts kept before, each until its own expiry; their agents are registered again. */
  void restore(List<SipBindingStore.Stored> kept, Instant now) {
    for (SipBindingStore.Stored stored : kept) {
      Duration left = Duration.between(now, stored.expires());
      if (left.isNegative() || left.isZero()) {
        continue;
      }
      Map<String, Binding> contacts = byExtension.computeIfAbsent(stored.extension(), key -> new LinkedHashMap<>());
      boolean wasRegistered = !contacts.isEmpty();
      long timer = vertx.setTimer(left.toMillis(), id -> expire(stored.extension(), stored.contact(), id));
      contacts.put(stored.contact(), new Binding(stored.contact(), stored.expires(), timer));
      agentOf.put(stored.extension(), stored.agentId());
      announce(stored.extension(), wasRegistered);
    }
  }

  /**
   * Keeps the extension's contacts as they are now; completes once they are durable. Writes of one
   * extension are chained, so the store ends with the last state whatever the pool's order.
   */
  Future<Void> persist(String extension) {
    Long agent = agentOf.get(extension);
    List<SipBindingStore.Stored> now = new ArrayList<>();
    byExtension.getOrDefault(extension, Map.of()).values().forEach(b -> now.add(
        new SipBindingStore.Stored(agent == null ? 0 : agent, extension, b.contact(), b.expires())));
    Future<Void> previous = writes.getOrDefault(extension, Future.succeededFuture());
    Future<Void> write = previous.transform(ignored -> store.replace(extension, now));
    writes.put(extension, write);
    write.onComplete(ignored -> {
      if (writes.get(extension) == write) {
        writes.remove(extension);
      }
    });
    return write;
  }

  /** For changes nobody waits on (an expiry, a dead phone): kept in the background. */
  private void persistQuietly(String extension) {
    persist(extension).onFailure(e -> LOG.warn("Registration of {} not kept: {}", extension, e.toString()));
  }

  /** Adds or refreshes a contact for {@code ttl}; zero removes it. */
  void bind(long agentId, String extension, String contact, Duration ttl, Instant now) {
    Map<String, Binding> contacts = byExtension.computeIfAbsent(extension, key -> new LinkedHashMap<>());
    boolean wasRegistered = !contacts.isEmpty();
    Binding previous = contacts.remove(contact);
    if (previous != null) {
      vertx.cancelTimer(previous.timer);
    }
    if (!ttl.isZero()) {
      long timer = vertx.setTimer(ttl.toMillis(), id -> expire(extension, contact, id));
      contacts.put(contact, new Binding(contact, now.plus(ttl), timer));
    }
    agentOf.put(extension, agentId);
    announce(extension, wasRegistered);
  }

  /** {@code Contact: *} with {@code Expires: 0}: every contact of the extension goes. */
  void unbindAll(String extension) {
    Map<String, Binding> contacts = byExtension.getOrDefault(extension, Map.of());
    boolean wasRegistered = !contacts.isEmpty();
    contacts.values().forEach(b -> vertx.cancelTimer(b.timer));
    byExtension.remove(extension);
    announce(extension, wasRegistered);
  }

  /** Every (extension, contact) registered now, for the keep-alive probes. */
  List<Map.Entry<String, String>> all() {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    byExtension.forEach((extension, contacts) -> contacts.keySet().forEach(c -> out.add(Map.entry(extension, c))));
    return out;
  }

  /** A contact that stopped answering: dropped as if it had expired. */
  void drop(String extension, String contact) {
    Map<String, Binding> contacts = byExtension.get(extension);
    Binding binding = contacts == null ? null : contacts.remove(contact);
    if (binding != null) {
      vertx.cancelTimer(binding.timer);
      announce(extension, true);
      persistQuietly(extension);
    }
  }

  /** The agent behind an extension that has registered contacts, if any. */
  java.util.Optional<Long> agentOfExtension(String extension) {
    return byExtension.getOrDefault(extension, Map.of()).isEmpty() ? java.util.Optional.empty()
        : java.util.Optional.ofNullable(agentOf.get(extension));
  }

  /** The extension an agent registered with, if any. */
  java.util.Optional<String> extensionOf(long agentId) {
    for (Map.Entry<String, Long> entry : agentOf.entrySet()) {
      if (entry.getValue() == agentId && !byExtension.getOrDefault(entry.getKey(), Map.of()).isEmpty()) {
        return java.util.Optional.of(entry.getKey());
      }
    }
    return java.util.Optional.empty();
  }

  /** Whether this extension has a registered contact at this host (the phone calling is its own). */
  boolean hasHost(String extension, String host) {
    return atHost(byExtension.getOrDefault(extension, Map.of()), host);
  }

  private static boolean atHost(Map<String, Binding> contacts, String host) {
    for (String contact : contacts.keySet()) {
      int at = contact.indexOf('@');
      String rest = at < 0 ? contact.substring(contact.indexOf(':') + 1) : contact.substring(at + 1);
      if (rest.startsWith(host + ":") || rest.startsWith(host + ";") || rest.equals(host)) {
        return true;
      }
    }
    return false;
  }

  List<Binding> contacts(String extension) {
    return new ArrayList<>(byExtension.getOrDefault(extension, Map.of()).values());
  }

  private void expire(String extension, String contact, long timer) {
    Map<String, Binding> contacts = byExtension.get(extension);
    if (contacts == null) {
      return;
    }
    Binding binding = contacts.get(contact);
    if (binding != null && binding.timer == timer) {
      contacts.remove(contact);
      announce(extension, true);
      persistQuietly(extension);
    }
  }

  private void announce(String extension, boolean wasRegistered) {
    boolean registered = !byExtension.getOrDefault(extension, Map.of()).isEmpty();
    Long agent = agentOf.get(extension);
    if (registered != wasRegistered && agent != null) {
      changed.accept(new RegistrationChanged(agent, registered));
    }
  }
}
