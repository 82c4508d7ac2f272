package io.linehub.crm;

import io.linehub.api.crm.LinkPolicy;

/**
 * Settings of crm-link.
 *
 * @param defaultRegion libphonenumber region for numbers written without a country code, e.g. "RU"
 * @param defaultPolicy what linking does when an interaction names none and nobody matches
 */
public record CrmSettings(String defaultRegion, LinkPolicy defaultPolicy) {

  public CrmSettings {
    defaultRegion = defaultRegion == null || defaultRegion.isBlank() ? "RU" : defaultRegion.trim().toUpperCase();
    defaultPolicy = defaultPolicy == null ? LinkPolicy.CREATE_LEAD : defaultPolicy;
  }

  public static CrmSettings defaults() {
    return new CrmSettings("RU", LinkPolicy.CREATE_LEAD);
  }
}
