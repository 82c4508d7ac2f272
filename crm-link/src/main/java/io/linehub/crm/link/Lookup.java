package io.linehub.crm.link;

import io.linehub.api.crm.EntityRef;
import java.util.List;

/** Every record holding one of a set of identities, read under their advisory locks. */
public record Lookup(List<Owner> owners) {

  /**
   * A record holding an identity. {@code live} says whether linking may attach to it; the rule
   * lives in one place, SQL {@code crm.is_live}: contacts and companies always, leads while open
   * or junked as spam (converted leads live on as their contact).
   */
  public record Owner(EntityRef ref, NormalIdentity identity, boolean live) {
  }
}
