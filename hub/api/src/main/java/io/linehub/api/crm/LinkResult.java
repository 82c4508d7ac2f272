package io.linehub.api.crm;

/**
 * The reply of {@link CrmAddresses#LINK}.
 *
 * @param entity the customer record the activity is bound to; null under {@link LinkPolicy#ACTIVITY_ONLY} with no match
 * @param created true when this interaction created that record
 * @param activityId the activity written for the interaction
 * @param replayed true when the external id had been linked before and this is that first result
 * @param responsibleUserId the customer's responsible user (route-to-owner uses it), may be null
 */
public record LinkResult(
    String entity,
    boolean created,
    long activityId,
    boolean replayed,
    Long responsibleUserId) {
}
