package io.linehub.server.lines;

import io.linehub.api.routing.Media;
import java.time.Duration;

/**
 * @param callOffer how long one member rings before the next is tried (default 20 s)
 * @param chatOffer how long one member has to take a chat (default 60 s)
 * @param maxWait longest a customer waits on this line before the no-answer fallback (default 5 min)
 * @param wrapUp after a call the agent is offered nothing for this long (default 30 s; 0 = none)
 */
public record LineTimers(Duration callOffer, Duration chatOffer, Duration maxWait, Duration wrapUp) {

  public static final LineTimers DEFAULTS = new LineTimers(Duration.ofSeconds(20), Duration.ofSeconds(60),
      Duration.ofMinutes(5), Duration.ofSeconds(30));

  public Duration offer(Media media) {
    return media == Media.CALL ? callOffer : chatOffer;
  }
}
