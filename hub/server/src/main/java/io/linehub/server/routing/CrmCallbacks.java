package io.linehub.server.routing;

import io.linehub.api.crm.Channel;
import io.linehub.api.crm.CrmAddresses;
import io.linehub.api.crm.Direction;
import io.linehub.api.crm.Interaction;
import io.linehub.api.crm.Outcome;
import io.linehub.api.routing.Media;
import io.linehub.api.routing.RouteRequest;
import io.linehub.server.lines.Line;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A callback fallback becomes the CRM's open {@code callback} activity: the unanswered interaction
 * is linked under the customer's own key (the call's id), so the CDR linked later for the same
 * call replays this result instead of adding a second activity.
 */
final class CrmCallbacks implements Callbacks {

  private static final Logger LOG = LoggerFactory.getLogger(CrmCallbacks.class);
  private static final DeliveryOptions TIMEOUT = new DeliveryOptions().setSendTimeout(10_000);

  private final Vertx vertx;

  CrmCallbacks(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public void request(RouteRequest customer, Line line, Instant arrivedAt, Instant now) {
    Channel channel = customer.channel() != null ? customer.channel()
        : customer.media() == Media.CALL ? Channel.PHONE : Channel.CHAT;
    var interaction = new Interaction(customer.ticketId(), channel, Direction.INBOUND, Outcome.MISSED,
        customer.identities(), null, null, line.id(), line.responsibleUserId(), arrivedAt, now,
        (int) Duration.between(arrivedAt, now).toSeconds(),
        customer.media() == Media.CALL ? null : "Call back: nobody took the chat", null, null, null);
    vertx.eventBus().request(CrmAddresses.LINK, interaction, TIMEOUT)
        .onFailure(e -> LOG.error("Callback request not linked [ticket: {}, line: {}]", customer.ticketId(),
            line.id(), e));
  }
}
