package io.linehub.api.bus;

import io.linehub.api.chat.ChatMessage;
import io.linehub.api.chat.DeliveryStatus;
import io.linehub.api.chat.HistoryPage;
import io.linehub.api.chat.HistoryRequest;
import io.linehub.api.chat.ExternalPost;
import io.linehub.api.chat.OpenlineDialog;
import io.linehub.api.chat.OpenlineDialogRequest;
import io.linehub.api.chat.SetMembers;
import io.linehub.api.chat.MembersChanged;
import io.linehub.api.chat.PersonPresence;
import io.linehub.api.chat.ReadReceipt;
import io.linehub.api.chat.Typing;
import io.linehub.api.crm.CardActivity;
import io.linehub.api.crm.CompleteActivity;
import io.linehub.api.crm.CustomerCard;
import io.linehub.api.crm.Interaction;
import io.linehub.api.crm.LeadCreated;
import io.linehub.api.crm.LinkResult;
import io.linehub.api.crm.OwnerFound;
import io.linehub.api.crm.OwnerQuery;
import io.linehub.api.routing.Assigned;
import io.linehub.api.routing.Enqueued;
import io.linehub.api.routing.FellBack;
import io.linehub.api.routing.Finish;
import io.linehub.api.routing.OfferReply;
import io.linehub.api.routing.OfferWithdrawn;
import io.linehub.api.routing.Offered;
import io.linehub.api.routing.PresenceChanged;
import io.linehub.api.routing.Queued;
import io.linehub.api.routing.RegistrationChanged;
import io.linehub.api.routing.RouteRequest;
import io.linehub.api.routing.SetPresence;
import io.linehub.api.routing.TicketClosed;
import io.linehub.api.sip.CallEnded;
import io.linehub.api.sip.CallEvent;
import io.linehub.api.sip.CallLeg;
import io.linehub.api.sip.Originate;
import io.linehub.api.sip.Originated;
import io.vertx.core.Vertx;
import java.util.List;

/** Registers the codec of every contract record; the composition root calls it once per Vertx. */
public final class Contracts {

  /** Every record that crosses the event bus. Add new contract records here. */
  public static final List<Class<?>> RECORDS = List.of(Interaction.class, LinkResult.class, LeadCreated.class,
      OwnerQuery.class, OwnerFound.class, CompleteActivity.class, CustomerCard.class, CardActivity.class,
      RouteRequest.class, Enqueued.class, OfferReply.class, Finish.class, SetPresence.class, RegistrationChanged.class,
      Queued.class, Offered.class, OfferWithdrawn.class, Assigned.class, FellBack.class, TicketClosed.class,
      PresenceChanged.class, CallEvent.class, CallEnded.class, CallLeg.class, Originate.class, Originated.class,
      io.linehub.api.sip.TransferCall.class, io.linehub.api.sip.HoldCall.class,
      ChatMessage.class, MembersChanged.class, ReadReceipt.class, Typing.class, PersonPresence.class,
      OpenlineDialogRequest.class, OpenlineDialog.class, ExternalPost.class, SetMembers.class,
      HistoryRequest.class, HistoryPage.class, DeliveryStatus.class,
      io.linehub.api.routing.ReserveCall.class, io.linehub.api.routing.CallReservation.class,
      io.linehub.api.chat.GuestUploads.class);

  private Contracts() {
  }

  public static void registerCodecs(Vertx vertx) {
    for (Class<?> type : RECORDS) {
      register(vertx, type);
    }
  }

  private static <T> void register(Vertx vertx, Class<T> type) {
    vertx.eventBus().registerDefaultCodec(type, new RecordCodec<>(type));
  }
}
