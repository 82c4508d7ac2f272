package io.linehub.server.lines;

import io.linehub.api.routing.Fallback;
import java.time.Duration;
import java.util.List;

/**
 * An entry point customers arrive on, with its queue and rules. Immutable: a change is a new
 * {@code Line} that routing swaps in (no restart).
 *
 * @param id stable slug ({@code [a-z0-9][a-z0-9_-]{0,39}}), also the CRM's line id
 * @param did the phone number (E.164) calls to which land here, null for chat-only lines
 * @param channels open-line channels served (lower-case {@code io.linehub.api.crm.Channel} names)
 * @param members the queue in its fixed order
 * @param maxChats how many chats an agent may hold at once when taking one from this line (default 5)
 * @param noAnswer what happens after {@code timers.maxWait}, or when {@code strictly} ran out of members
 * @param outOfHours what happens to a customer arriving while {@link WorkingHours} say closed
 * @param responsibleUserId gets callbacks and leads nobody handled; may be null
 * @param routeToOwner offer first to the customer's CRM responsible user when they are a member and available
 * @param serviceLevel answered within this counts toward the line's service level (default 20 s)
 */
public record Line(
    String id,
    String name,
    String did,
    List<String> channels,
    Strategy strategy,
    List<Member> members,
    LineTimers timers,
    int maxChats,
    Fallback noAnswer,
    WorkingHours hours,
    Fallback outOfHours,
    Long responsibleUserId,
    boolean routeToOwner,
    Duration serviceLevel) {

  public Line {
    name = name == null ? id : name;
    channels = channels == null ? List.of() : List.copyOf(channels);
    members = members == null ? List.of() : List.copyOf(members);
    timers = timers == null ? LineTimers.DEFAULTS : timers;
    noAnswer = noAnswer == null ? Fallback.KEEP_WAITING : noAnswer;
    hours = hours == null ? WorkingHours.ALWAYS : hours;
    outOfHours = outOfHours == null ? Fallback.KEEP_WAITING : outOfHours;
    serviceLevel = serviceLevel == null ? Duration.ofSeconds(20) : serviceLevel;
    if (maxChats < 1) {
      throw new IllegalArgumentException("maxChats must be >= 1");
    }
  }

  /** A line with defaults for everything but its id, strategy and members (tests, bootstrap). */
  public static Line of(String id, Strategy strategy, List<Member> members) {
    return new Line(id, id, null, List.of(), strategy, members, LineTimers.DEFAULTS, 5, null, null, null, null,
        true, null);
  }
}
