package io.linehub.crm.link;

import io.linehub.api.crm.EntityRef;
import io.linehub.api.crm.LinkPolicy;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;

/** The SQL of linking. Methods taking a connection run on the caller's transaction. */
public interface LinkStore {

  /** The customer an interaction was linked to; {@code ref} null when the activity stayed unbound. */
  record Linking(EntityRef ref, boolean created, Long activityId, boolean replayed, Long responsibleUserId) {
  }

  /** One interaction to link: its lock keys, identities, what to create, and its activity (or null). */
  record Item(Long[] keys, List<NormalIdentity> identities, LinkPolicy policy, NewCustomer spec,
      ActivityDraft draft) {
  }

  /**
   * For each item in order: finds or creates the customer by its policy, adds the identities no
   * live record holds yet and, when its draft is not null, writes the activity. One call, under the
   * advisory locks of every item's keys. On a pool it is its own transaction; on a connection it
   * joins the caller's. Results are in the items' order.
   */
  Future<List<Linking>> link(SqlClient client, List<Item> items);

  /** Takes the transaction-scoped advisory locks, in the (sorted) order given. */
  Future<Void> lock(SqlConnection tx, Long[] keys);

  /** The records holding any of the identities. */
  Future<Lookup> lookup(SqlConnection tx, List<NormalIdentity> identities);

  Future<Void> addCommunications(SqlConnection tx, EntityRef entity, List<NormalIdentity> identities);
}
