package io.linehub.api.crm;

import java.time.Instant;

/** One activity on a {@link CustomerCard}: a call, message, callback or task, as the timeline shows it. */
public record CardActivity(long id, String kind, String status, String outcome, String subject, Instant at) {
}
