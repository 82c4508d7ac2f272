package io.linehub.api.crm;

/**
 * Kinds of customer identity kept as CRM communications. Phones are E.164, e-mails lower-case,
 * messenger identities the provider's user id ({@code telegram:<id>}, {@code whatsapp:<wa_id>}...).
 */
public enum IdentityType {
  PHONE,
  EMAIL,
  TELEGRAM,
  VK,
  WHATSAPP,
  VIBER,
  FACEBOOK,
  SITE
}
