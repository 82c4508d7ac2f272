package io.linehub.crm.telephony;

import io.linehub.api.crm.Channel;
import io.linehub.api.crm.CrmAddresses;
import io.linehub.api.crm.Direction;
import io.linehub.api.crm.EntityRef.EntityType;
import io.linehub.api.crm.Identity;
import io.linehub.api.crm.IdentityType;
import io.linehub.api.crm.Interaction;
import io.linehub.api.crm.LeadCreated;
import io.linehub.api.crm.LinkPolicy;
import io.linehub.api.crm.Outcome;
import io.linehub.api.crm.Recording;
import io.linehub.api.error.LinehubException;
import io.linehub.crm.link.LinkStore;
import io.linehub.crm.link.Linker;
import io.linehub.crm.link.LockKeys;
import io.linehub.crm.link.NewCustomer;
import io.linehub.crm.link.NormalIdentity;
import io.linehub.crm.store.ActivityStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The external-PBX call API (like Bitrix24 {@code telephony.externalcall.*}): register finds or
 * creates the customer with the linking locks and rules, finish writes the activity through the
 * {@link Linker} itself, recording attaches the file afterwards. All steps are idempotent.
 */
public final class ExternalCalls {

  /** What a PBX registers; {@code phone} already normalised. */
  public record Registration(String externalId, Direction direction, String phone, String line, Long agentUserId,
      Instant startedAt) {
  }

  /** The call and whether this request repeated an earlier registration. */
  public record Registered(ExternalCall call, boolean replayed) {
  }

  private final Vertx vertx;
  private final Pool pool;
  private final Linker linker;
  private final LinkStore links;
  private final ExternalCallStore calls;
  private final ActivityStore activities;

  public ExternalCalls(Vertx vertx, Pool pool, Linker linker, LinkStore links, ExternalCallStore calls,
      ActivityStore activities) {
    this.vertx = vertx;
    this.pool = pool;
    this.linker = linker;
    this.links = links;
    this.calls = calls;
    this.activities = activities;
  }

  public Future<Registered> register(Registration registration) {
    var identities = List.of(new NormalIdentity(IdentityType.PHONE, registration.phone()));
    var keys = LockKeys.of(identities, "pbx:" + registration.externalId());
    return pool.withTransaction(tx -> links.lock(tx, keys)
            .compose(locked -> calls.byExternalId(tx, registration.externalId()))
            .compose(existing -> existing != null
                ? Future.succeededFuture(new Registered(existing, true))
                : links.link(tx, List.of(new LinkStore.Item(keys, identities, LinkPolicy.CREATE_LEAD,
                        newLead(registration), null)))
                    .map(results -> results.get(0))
                    .map(customer -> new ExternalCall(UUID.randomUUID(), registration.externalId(),
                        registration.direction(), registration.phone(), registration.line(),
                        registration.agentUserId(), registration.startedAt(), customer.ref(), customer.created(),
                        null))
                    .compose(call -> calls.insert(tx, call).map(new Registered(call, false)))))
        .onSuccess(this::publishLead);
  }

  /** Writes the call's activity by the linking rules; finishing again returns the same activity id. */
  public Future<Long> finish(UUID callId, Outcome outcome, Integer durationSec, Integer sipCode, Recording recording) {
    return pool.withTransaction(tx -> calls.byCallId(tx, callId)
            .compose(call -> {
              if (call == null) {
                throw LinehubException.notFound("call " + callId + " not found");
              }
              if (call.activityId() != null) {
                return Future.succeededFuture(new Linker.Linked(
                    new io.linehub.api.crm.LinkResult(null, false, call.activityId(), true, null), null));
              }
              Interaction interaction = interaction(call, outcome, durationSec, recording);
              return linker.linkIn(tx, interaction, linker.validate(interaction))
                  .compose(linked -> calls.finish(tx, callId, outcome, durationSec, sipCode,
                      linked.result().activityId()).map(linked));
            }))
        .map(linked -> linker.published(linked).activityId());
  }

  /** Attaches or replaces the recording of a finished call; 409 before finish. */
  public Future<JsonObject> recording(UUID callId, Recording recording) {
    return calls.byCallId(pool, callId)
        .compose(call -> {
          if (call == null) {
            return Future.failedFuture(LinehubException.notFound("call " + callId + " not found"));
          }
          if (call.activityId() == null) {
            return Future.failedFuture(LinehubException.conflict("call " + callId + " is not finished yet"));
          }
          return activities.putRecording(call.activityId(), recording);
        });
  }

  /**
   * Attaches or replaces the recording of a call Linehub's SIP bridge linked: its activity carries
   * the call id as external id on the phone channel. 404 until the call has ended and been linked.
   */
  public Future<JsonObject> recordingOfLinkedCall(String callId, Recording recording) {
    return pool.preparedQuery("SELECT id FROM crm.activities WHERE channel = 'phone' AND external_id = $1")
        .execute(io.vertx.sqlclient.Tuple.of(callId))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(LinehubException.notFound("call " + callId + " has no CRM activity (yet)"))
            : activities.putRecording(rows.iterator().next().getLong("id"), recording));
  }

  private static Interaction interaction(ExternalCall call, Outcome outcome, Integer durationSec,
      Recording recording) {
    Instant ended = durationSec == null ? null : call.startedAt().plusSeconds(durationSec);
    return new Interaction(call.activityExternalId(), Channel.PHONE, call.direction(), outcome,
        List.of(Identity.phone(call.phone())), null, call.agentUserId(), call.line(), null, call.startedAt(), ended,
        durationSec, null, null, recording, LinkPolicy.CREATE_LEAD);
  }

  private static NewCustomer newLead(Registration registration) {
    var asInteraction = new Interaction("pbx:" + registration.externalId(), Channel.PHONE, registration.direction(),
        Outcome.ANSWERED, List.of(), null, registration.agentUserId(), registration.line(), null,
        registration.startedAt(), null, null, null, null, null, LinkPolicy.CREATE_LEAD);
    var identities = List.of(new NormalIdentity(IdentityType.PHONE, registration.phone()));
    return new NewCustomer(Linker.title(asInteraction, identities), null, Channel.PHONE, registration.agentUserId());
  }

  private void publishLead(Registered registered) {
    ExternalCall call = registered.call();
    if (!registered.replayed() && call.entityCreated() && call.entity().type() == EntityType.LEAD) {
      vertx.eventBus().publish(CrmAddresses.LEAD_CREATED,
          new LeadCreated(call.entity().id(), Channel.PHONE, call.agentUserId()));
    }
  }
}
