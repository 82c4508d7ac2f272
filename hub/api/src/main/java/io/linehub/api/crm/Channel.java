package io.linehub.api.crm;

/**
 * Where an interaction came from; a new lead's source is its channel. Wire form: lower-case name.
 */
public enum Channel {
  PHONE,
  EMAIL,
  SITE_CHAT,
  SITE_FORM,
  TELEGRAM,
  VK,
  WHATSAPP,
  FACEBOOK,
  VIBER,
  CHAT,
  MANUAL
}
