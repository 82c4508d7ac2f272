package io.linehub.crm.link;

import io.linehub.api.crm.Channel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;

/**
 * Keys of the transaction-scoped advisory locks that keep linking from creating duplicates: one
 * per normalised identity and one per idempotency key. 64-bit FNV-1a of a namespaced string, so
 * every node computes the same key; a collision only serialises two unrelated links.
 */
public final class LockKeys {

  private static final long OFFSET = 0xcbf29ce484222325L;
  private static final long PRIME = 0x100000001b3L;

  private LockKeys() {
  }

  /** Sorted, distinct keys: taking them in this order on every node rules out deadlocks. */
  public static Long[] of(Collection<NormalIdentity> identities, String... idempotencyKeys) {
    long[] keys = new long[identities.size() + idempotencyKeys.length];
    int i = 0;
    for (NormalIdentity identity : identities) {
      keys[i++] = hash("crm:identity:" + identity.wire() + ":" + identity.value());
    }
    for (String key : idempotencyKeys) {
      keys[i++] = hash("crm:key:" + key);
    }
    return Arrays.stream(keys).sorted().distinct().boxed().toArray(Long[]::new);
  }

  /** The idempotency key of an interaction: its channel and external id. */
  public static String interaction(Channel channel, String externalId) {
    return channel.name() + ":" + externalId;
  }

  static long hash(String text) {
    long hash = OFFSET;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= PRIME;
    }
    return hash;
  }
}
