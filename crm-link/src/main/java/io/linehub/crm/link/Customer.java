package io.linehub.crm.link;

import io.linehub.api.crm.EntityRef;
import java.util.List;

/**
 * The customer an interaction belongs to: {@code ref} null when the policy kept the activity
 * unbound; {@code newIdentities} are the interaction's identities still to be added to it.
 */
public record Customer(EntityRef ref, boolean created, Long responsibleUserId, List<NormalIdentity> newIdentities) {

  public static final Customer NONE = new Customer(null, false, null, List.of());
}
