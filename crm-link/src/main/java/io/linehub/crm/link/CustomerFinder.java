package io.linehub.crm.link;

import io.linehub.api.crm.EntityRef;
import io.linehub.api.crm.EntityRef.EntityType;
import io.linehub.api.crm.LinkPolicy;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;

/**
 * "Find or create the customer": the one implementation behind linking and the external-PBX call
 * API. Call it inside a transaction that holds the advisory locks of {@code identities}, with the
 * {@link Lookup} read after taking them, so concurrent callers never both create.
 */
public final class CustomerFinder {

  private final LinkStore store;

  public CustomerFinder(LinkStore store) {
    this.store = store;
  }

  public Future<Customer> findOrCreate(SqlConnection tx, Lookup lookup, List<NormalIdentity> identities,
      LinkPolicy policy, NewCustomer spec) {
    Lookup.Owner owner = lookup.best(identities);
    if (owner != null) {
      return Future.succeededFuture(
          new Customer(owner.ref(), false, owner.responsibleUserId(), lookup.unknown(identities)));
    }
    return switch (policy) {
      case CREATE_LEAD -> store.createLead(tx, spec, identities)
          .map(id -> created(new EntityRef(EntityType.LEAD, id), spec));
      case CREATE_CONTACT -> store.createContact(tx, spec, identities)
          .map(id -> created(new EntityRef(EntityType.CONTACT, id), spec));
      case ACTIVITY_ONLY -> Future.succeededFuture(Customer.NONE);
    };
  }

  private static Customer created(EntityRef ref, NewCustomer spec) {
    return new Customer(ref, true, spec.responsibleUserId(), List.of());
  }
}
