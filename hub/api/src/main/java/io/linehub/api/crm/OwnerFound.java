package io.linehub.api.crm;

/**
 * Reply to {@link CrmAddresses#FIND_OWNER}: the responsible user of the live record that linking
 * would attach the customer to (a contact first, then a company, then an open lead), or null.
 */
public record OwnerFound(Long responsibleUserId) {
}
