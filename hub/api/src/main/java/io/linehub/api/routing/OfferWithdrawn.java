package io.linehub.api.routing;

import java.util.List;

/** Published when offers end without an assignment for these agents: sip-bridge CANCELs their forks. */
public record OfferWithdrawn(String ticketId, List<Long> agentIds, WithdrawReason reason) {

  public OfferWithdrawn {
    agentIds = List.copyOf(agentIds);
  }
}
