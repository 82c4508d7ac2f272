package io.linehub.openlines;

import io.linehub.api.crm.CompleteActivity;
import io.linehub.api.crm.CrmAddresses;
import io.linehub.api.crm.LinkResult;
import io.linehub.api.routing.CallReservation;
import io.linehub.api.routing.ReserveCall;
import io.linehub.api.routing.RoutingAddresses;
import io.linehub.api.sip.CallDisposition;
import io.linehub.api.sip.CallEnded;
import io.linehub.api.sip.Originate;
import io.linehub.api.sip.Originated;
import io.linehub.api.sip.SipAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A visitor's call-back request placed at once: when the line is open and a member can take a call
 * now, routing reserves that agent and sip-bridge's click-to-call rings the agent's phone, then
 * dials the visitor's number. The open "call back" activity the request created is completed when
 * the visitor answers; when the call is not placed or not answered it stays open, for the line's
 * people to work through like any other.
 */
final class CallbacksNow {

  private static final Logger LOG = LoggerFactory.getLogger(CallbacksNow.class);
  /** Long enough for routing's pick and sip-bridge's first INVITE; the call's own start then holds the agent. */
  static final long RESERVE_MILLIS = 10_000;
  private static final DeliveryOptions TIMEOUT = new DeliveryOptions().setSendTimeout(10_000);

  private final Vertx vertx;
  /** Placed call-backs by Call-ID → their callback activity; written from the HTTP event loops. */
  private final Map<String, Long> placed = new ConcurrentHashMap<>();
  private MessageConsumer<CallEnded> ended;

  CallbacksNow(Vertx vertx) {
    this.vertx = vertx;
  }

  Future<Void> start() {
    ended = vertx.eventBus().localConsumer(SipAddresses.CALL_ENDED, this::ended);
    return ended.completion();
  }

  Future<Void> stop() {
    return ended == null ? Future.succeededFuture() : ended.unregister();
  }

  /**
   * Places the call-back of {@code link}'s activity if someone can take it now; the Call-ID, or null
   * when the line is closed, nobody is free or the call could not be placed (the activity stays open).
   */
  Future<String> place(String lineId, String phone, LinkResult link) {
    String reservationId = "callback:" + link.activityId();
    return vertx.eventBus().<CallReservation>request(RoutingAddresses.RESERVE_CALL,
            new ReserveCall(lineId, reservationId, link.responsibleUserId(), RESERVE_MILLIS), TIMEOUT)
        .compose(reply -> {
          Long agentId = reply.body().agentId();
          if (agentId == null) {
            return Future.<String>succeededFuture(null);
          }
          return vertx.eventBus().<Originated>request(SipAddresses.ORIGINATE, new Originate(agentId, phone, lineId),
                  TIMEOUT)
              .map(originated -> {
                String callId = originated.body().callId();
                placed.put(callId, link.activityId());
                LOG.info("Call-back placed at once [activity: {}, agent: {}, call-id: {}]", link.activityId(),
                    agentId, callId);
                return callId;
              })
              // The placed call's STARTED event holds the agent from here on; a failed one frees them.
              .eventually(() -> vertx.eventBus().request(RoutingAddresses.RELEASE_RESERVATION,
                  new CallReservation(reservationId, agentId), TIMEOUT).otherwiseEmpty());
        })
        .otherwise(failure -> {
          LOG.warn("Call-back not placed at once, the activity stays open [activity: {}]: {}", link.activityId(),
              failure.getMessage());
          return null;
        });
  }

  private void ended(Message<CallEnded> message) {
    CallEnded call = message.body();
    Long activityId = placed.remove(call.callId());
    if (activityId == null) {
      return;
    }
    if (call.disposition() != CallDisposition.ANSWERED) {
      LOG.info("Call-back not answered ({}), the activity stays open [activity: {}, call-id: {}]",
          call.disposition(), activityId, call.callId());
      return;
    }
    vertx.eventBus().request(CrmAddresses.COMPLETE_ACTIVITY,
            new CompleteActivity(activityId, "called back, talked " + call.talkSeconds() + " s"), TIMEOUT)
        .onFailure(e -> LOG.warn("Call-back activity {} not completed: {}", activityId, e.getMessage()));
  }
}
