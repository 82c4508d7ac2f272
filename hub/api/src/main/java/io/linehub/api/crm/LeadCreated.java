package io.linehub.api.crm;

/** Event published when linking or the REST API created a lead. */
public record LeadCreated(long leadId, Channel source, Long responsibleUserId) {
}
