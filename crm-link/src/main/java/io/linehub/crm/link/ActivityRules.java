package io.linehub.crm.link;

import io.linehub.api.crm.ActivityKind;
import io.linehub.api.crm.Channel;
import io.linehub.api.crm.Direction;
import io.linehub.api.crm.Interaction;
import io.linehub.api.crm.Outcome;
import java.util.Locale;

/**
 * The activity rules of the product (seeds 000/001): an answered call is a completed call, an
 * inbound call nobody answered leaves an open "call back" for the line's responsible, inbound
 * e-mails and open-line messages stay open until answered, a customer's callback request (the
 * site's callback form) is an open "call back" too, outbound traffic is done. Pure.
 */
public final class ActivityRules {

  private ActivityRules() {
  }

  public static ActivityDraft draft(Interaction in) {
    Outcome outcome = outcomeOf(in);
    boolean inbound = in.direction() == Direction.INBOUND;
    boolean callback = in.channel() == Channel.PHONE && inbound && outcome.isUnansweredCall()
        || inbound && outcome == Outcome.CALLBACK_REQUESTED;
    ActivityKind kind = callback ? ActivityKind.CALLBACK : kindOf(in.channel());
    boolean open = callback || (inbound && kind != ActivityKind.CALL);
    // A callback goes to the line's responsible; other activities to who handled them. Either way
    // the customer's own responsible comes next (resolved in SQL), then the other one.
    Long responsibleFirst = callback ? in.lineResponsibleUserId() : in.agentUserId();
    Long responsibleLast = callback ? in.agentUserId() : in.lineResponsibleUserId();
    String subject = in.subject() == null || in.subject().isBlank() ? subjectOf(in, callback) : in.subject();
    var recording = in.channel() == Channel.PHONE ? in.recording() : null;
    return new ActivityDraft(kind, in.direction(), open, subject, in.body(), responsibleFirst, responsibleLast,
        in.startedAt(),
        in.endedAt(), in.durationSec(), in.channel(), outcome, in.lineId(), in.externalId(), recording);
  }

  /** Messages default to received/sent by direction; a call must say how it ended. */
  static Outcome outcomeOf(Interaction in) {
    if (in.outcome() != null) {
      return in.outcome();
    }
    if (in.channel() == Channel.PHONE) {
      throw io.linehub.api.error.LinehubException.badRequest("outcome: is required for a call");
    }
    return in.direction() == Direction.INBOUND ? Outcome.RECEIVED : Outcome.SENT;
  }

  static ActivityKind kindOf(Channel channel) {
    return switch (channel) {
      case PHONE -> ActivityKind.CALL;
      case EMAIL -> ActivityKind.EMAIL;
      case CHAT -> ActivityKind.CHAT;
      case MANUAL -> ActivityKind.TASK;
      case SITE_CHAT, SITE_FORM, TELEGRAM, VK, WHATSAPP, FACEBOOK, VIBER -> ActivityKind.OPENLINE;
    };
  }

  private static String subjectOf(Interaction in, boolean callback) {
    boolean inbound = in.direction() == Direction.INBOUND;
    if (callback && in.channel() != Channel.PHONE) {
      return "Call back: requested via " + label(in.channel());
    }
    if (in.channel() == Channel.PHONE) {
      String base = callback ? "Call back: missed call" : inbound ? "Inbound call" : "Outbound call";
      return base + (in.outcome() == Outcome.ANSWERED || callback ? "" : " (" + lower(in.outcome()) + ")");
    }
    return (inbound ? "Inbound " : "Outbound ") + label(in.channel());
  }

  /** How a channel is named in titles: "Telegram message", "E-mail". */
  public static String label(Channel channel) {
    return switch (channel) {
      case PHONE -> "call";
      case EMAIL -> "e-mail";
      case SITE_CHAT -> "site chat message";
      case SITE_FORM -> "site form";
      case TELEGRAM -> "Telegram message";
      case VK -> "VK message";
      case WHATSAPP -> "WhatsApp message";
      case FACEBOOK -> "Facebook message";
      case VIBER -> "Viber message";
      case CHAT -> "chat message";
      case MANUAL -> "inquiry";
    };
  }

  public static String lower(Enum<?> value) {
    return value == null ? null : value.name().toLowerCase(Locale.ROOT);
  }
}
