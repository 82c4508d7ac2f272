package io.linehub.api.crm;

import java.util.List;

/** The body of {@link CrmAddresses#FIND_OWNER}: who in the CRM is responsible for this customer? */
public record OwnerQuery(List<Identity> identities) {

  public OwnerQuery {
    identities = identities == null ? List.of() : List.copyOf(identities);
  }
}
