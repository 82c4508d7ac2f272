package io.linehub.api.crm;

/**
 * Reply to {@link CrmAddresses#FIND_OWNER}: the live record that linking would attach the customer
 * to (a contact first, then a company, then an open lead), as a card for the screen pop, and its
 * responsible user; both null when the customer is unknown.
 */
public record OwnerFound(Long responsibleUserId, CustomerCard card) {
}
