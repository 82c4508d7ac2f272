package io.linehub.api.crm;

import java.util.List;

/**
 * What the agent workspace shows when a call or chat is offered (the screen pop): the CRM record
 * the customer belongs to — the same record linking would attach the interaction to (a contact
 * first, then a company, then an open lead) — with its last few activities.
 *
 * @param entityType {@code contact}, {@code company} or {@code lead}
 * @param name the contact's full name, the company's title, the lead's name (or title)
 * @param company the contact's company, or the company a lead named; null when none
 * @param responsibleUserId the record's responsible user, may be null
 * @param lastActivities newest first, at most three
 */
public record CustomerCard(String entityType, long entityId, String name, String company, Long responsibleUserId,
    List<CardActivity> lastActivities) {

  public CustomerCard {
    lastActivities = lastActivities == null ? List.of() : List.copyOf(lastActivities);
  }
}
