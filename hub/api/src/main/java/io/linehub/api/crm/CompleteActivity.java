package io.linehub.api.crm;

/**
 * Request on {@link CrmAddresses#COMPLETE_ACTIVITY}: an open activity is done (an open-line
 * conversation got its first answer). Reply: the activity id. Completing a done activity again
 * changes nothing but its result.
 *
 * @param activityId the activity ({@link LinkResult#activityId()})
 * @param result what came of it, for the activity's result field, may be null
 */
public record CompleteActivity(long activityId, String result) {
}
