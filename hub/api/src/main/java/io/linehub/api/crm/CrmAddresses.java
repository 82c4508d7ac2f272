package io.linehub.api.crm;

/** Event-bus addresses served by crm-link. Commands are verbs, events past tense. */
public final class CrmAddresses {

  /** Request/reply: body {@link Interaction}, reply {@link LinkResult}. */
  public static final String LINK = "crm.interaction.link";

  /** Request/reply: body {@link OwnerQuery}, reply {@link OwnerFound}; routing's "route to the owner". */
  public static final String FIND_OWNER = "crm.owner.find";

  /** Request/reply: body {@link CompleteActivity}, reply the activity id. */
  public static final String COMPLETE_ACTIVITY = "crm.activity.complete";
  /** Published after a new lead was created: body {@link LeadCreated}. */
  public static final String LEAD_CREATED = "crm.lead.created";

  private CrmAddresses() {
  }
}
