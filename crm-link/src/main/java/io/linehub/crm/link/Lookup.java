package io.linehub.crm.link;

import io.linehub.api.crm.EntityRef;
import io.linehub.api.crm.EntityRef.EntityType;
import java.util.Comparator;
import java.util.List;

/**
 * What the database knows, under the advisory locks, about one interaction: the first result if
 * its idempotency key was linked before, and every record holding one of its identities.
 */
public record Lookup(Replay replay, List<Owner> owners) {

  /** The activity already written for the same (channel, external id). */
  public record Replay(EntityRef entity, long activityId, Long responsibleUserId) {
  }

  /** A record holding an identity; lead status and loss reason only for leads. */
  public record Owner(EntityRef ref, NormalIdentity identity, String leadStatus, String lossReason,
      Long responsibleUserId) {

    /**
     * Whether linking may attach to it. Converted leads live on as their contact; junk leads are
     * dead unless junked as spam, which keeps a spammer on their one lead instead of new ones.
     */
    public boolean live() {
      if (ref.type() != EntityType.LEAD) {
        return true;
      }
      return "new".equals(leadStatus) || "in_progress".equals(leadStatus)
          || ("junk".equals(leadStatus) && "spam".equals(lossReason));
    }

    int rank() {
      return switch (ref.type()) {
        case CONTACT -> 0;
        case COMPANY -> 1;
        default -> 2;
      };
    }
  }

  /** The customer to attach to: a contact first, then a company, then a live lead; oldest wins a tie. */
  public Owner best(List<NormalIdentity> identities) {
    return owners.stream()
        .filter(Owner::live)
        .min(Comparator.comparingInt(Owner::rank)
            .thenComparingInt(owner -> identities.indexOf(owner.identity()))
            .thenComparingLong(owner -> owner.ref().id()))
        .orElse(null);
  }

  /** Identities no live record holds yet: they are added to the customer found. */
  public List<NormalIdentity> unknown(List<NormalIdentity> identities) {
    return identities.stream()
        .filter(identity -> owners.stream().noneMatch(owner -> owner.live() && owner.identity().equals(identity)))
        .toList();
  }
}
