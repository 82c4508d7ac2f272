package io.linehub.openlines;

import io.linehub.api.crm.Channel;

/** What a customer's message and channel mean to the engine: a rating answer, the CRM's channel. */
final class CustomerTexts {

  private CustomerTexts() {
  }

  /** A rating answer: 1 to 5, or a thumb (up 5, down 1). */
  static Integer rating(String text) {
    String t = text == null ? "" : text.strip();
    if (t.matches("[1-5]")) {
      return Integer.parseInt(t);
    }
    if (t.startsWith("\uD83D\uDC4D")) {
      return 5;
    }
    if (t.startsWith("\uD83D\uDC4E")) {
      return 1;
    }
    return null;
  }

  /** The CRM's channel for a connector kind (a lead's source, an activity's channel). */
  static Channel crmChannel(String kind) {
    return switch (kind) {
      case "telegram" -> Channel.TELEGRAM;
      case "vk" -> Channel.VK;
      case "whatsapp" -> Channel.WHATSAPP;
      case "facebook" -> Channel.FACEBOOK;
      case "viber" -> Channel.VIBER;
      case "email" -> Channel.EMAIL;
      case "site" -> Channel.SITE_CHAT;
      default -> Channel.CHAT;
    };
  }
}
