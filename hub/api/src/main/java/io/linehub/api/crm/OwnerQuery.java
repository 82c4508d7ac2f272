package io.linehub.api.crm;

import java.util.List;

/**
 * The body of {@link CrmAddresses#FIND_OWNER}: who in the CRM is responsible for this customer?
 *
 * @param waitMillis how long the asker waits for the answer (its request timeout), or 0 when it
 *     does not say: a lookup still queued for the database after that is answered with a failure
 *     instead of queried, so an overloaded database serves the lookups somebody still waits for
 */
public record OwnerQuery(List<Identity> identities, long waitMillis) {

  public OwnerQuery {
    identities = identities == null ? List.of() : List.copyOf(identities);
    waitMillis = Math.max(0, waitMillis);
  }

  public OwnerQuery(List<Identity> identities) {
    this(identities, 0);
  }
}
