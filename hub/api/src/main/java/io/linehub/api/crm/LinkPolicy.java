package io.linehub.api.crm;

/** What a line does when an interaction matches no CRM customer. */
public enum LinkPolicy {
  CREATE_LEAD,
  CREATE_CONTACT,
  ACTIVITY_ONLY
}
