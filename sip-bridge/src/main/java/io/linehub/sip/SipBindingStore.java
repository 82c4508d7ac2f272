package io.linehub.sip;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;

/**
 * Where the registrar keeps its bindings, so a restart of the hub does not forget every phone until
 * it happens to register again (up to the registration's expiry: an hour with many phones, and no
 * call reaches an agent meanwhile). The hub implements it over its database.
 */
public interface SipBindingStore {

  /** One registered contact of an extension, until {@code expires}. */
  record Stored(long agentId, String extension, String contact, Instant expires) {
  }

  /** Keeps nothing: for tests of the registrar's memory alone. */
  SipBindingStore NONE = new SipBindingStore() {
    @Override
    public Future<Void> replace(String extension, List<Stored> contacts) {
      return Future.succeededFuture();
    }

    @Override
    public Future<List<Stored>> live(Instant now) {
      return Future.succeededFuture(List.of());
    }
  };

  /** Replaces what is kept for the extension with these contacts (none: it is not registered). */
  Future<Void> replace(String extension, List<Stored> contacts);

  /** At startup: the contacts whose registration has not run out by {@code now}. */
  Future<List<Stored>> live(Instant now);
}
