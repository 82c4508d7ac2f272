package io.linehub.crm.link;

import io.linehub.api.crm.Channel;
import io.linehub.api.crm.EntityRef;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;

/**
 * The SQL of linking. Every method runs on the caller's transaction, so that the advisory locks
 * taken first cover the lookup and the inserts that follow.
 */
public interface LinkStore {

  /** Takes the transaction-scoped advisory locks, in the (sorted) order given. */
  Future<Void> lock(SqlConnection tx, Long[] keys);

  /** The replay of (channel, externalId), if any (null channel skips it), and the owners of the identities. */
  Future<Lookup> lookup(SqlConnection tx, Channel channel, String externalId, List<NormalIdentity> identities);

  Future<Long> createLead(SqlConnection tx, NewCustomer lead, List<NormalIdentity> identities);

  Future<Long> createContact(SqlConnection tx, NewCustomer contact, List<NormalIdentity> identities);

  Future<Void> addCommunications(SqlConnection tx, EntityRef entity, List<NormalIdentity> identities);

  /**
   * Writes the activity (bound to {@code entity}, or unbound when null), its recording and the
   * customer's new identities in one statement; the id, or null if the idempotency key is taken.
   */
  Future<Long> insertActivity(SqlConnection tx, ActivityDraft draft, EntityRef entity,
      List<NormalIdentity> newIdentities);
}
