package io.linehub.sip;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How each trunk's registration to its provider stands; written by sip-bridge, read by the trunks
 * REST API from any thread.
 */
public final class TrunkStatus {

  public enum State {
    UNREGISTERED,
    REGISTERING,
    REGISTERED,
    FAILED
  }

  /** @param lastError the provider's status line or the timeout of the last failed attempt, else null */
  public record Registration(State state, Instant expiresAt, String lastError) {
  }

  private static final Registration NONE = new Registration(State.UNREGISTERED, null, null);
  private final Map<String, Registration> byTrunk = new ConcurrentHashMap<>();

  public Registration of(String trunkId) {
    return byTrunk.getOrDefault(trunkId, NONE);
  }

  void set(String trunkId, Registration registration) {
    byTrunk.put(trunkId, registration);
  }

  void remove(String trunkId) {
    byTrunk.remove(trunkId);
  }
}
