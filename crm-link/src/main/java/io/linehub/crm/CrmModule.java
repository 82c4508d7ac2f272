package io.linehub.crm;

import io.linehub.api.bus.BusReplies;
import io.linehub.api.crm.CompleteActivity;
import io.linehub.api.crm.CrmAddresses;
import io.linehub.api.crm.CustomerCard;
import io.linehub.api.crm.Interaction;
import io.linehub.api.crm.LinkResult;
import io.linehub.api.crm.OwnerFound;
import io.linehub.api.crm.OwnerQuery;
import io.linehub.api.web.ApiRoutes;
import io.linehub.crm.link.Linker;
import io.linehub.crm.link.Normalizer;
import io.linehub.crm.store.PgActivityStore;
import io.linehub.crm.store.PgConversionStore;
import io.linehub.crm.store.PgExternalCallStore;
import io.linehub.crm.store.PgLinkStore;
import io.linehub.crm.store.PgOwnerStore;
import io.linehub.crm.store.PgRecordStore;
import io.linehub.crm.telephony.ExternalCalls;
import io.linehub.crm.web.CrmApi;
import io.linehub.crm.web.LeadReportApi;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/**
 * crm-link as the hub sees it: built with the shared pool, it offers the REST routes, the
 * {@code crm.interaction.link} consumer and the {@link Linker} for direct use. Owns no pool.
 */
public final class CrmModule {

  private final Vertx vertx;
  private final Linker linker;
  private final CrmApi api;
  private final Normalizer normalizer;
  private final PgOwnerStore owners;
  private MessageConsumer<Interaction> consumer;
  private MessageConsumer<OwnerQuery> ownerConsumer;
  private MessageConsumer<CompleteActivity> completeConsumer;
  private final PgActivityStore activities;

  public CrmModule(Vertx vertx, Pool pool, CrmSettings settings) {
    this.vertx = vertx;
    this.normalizer = new Normalizer(settings.defaultRegion());
    this.owners = new PgOwnerStore(pool);
    var linkStore = new PgLinkStore();
    this.linker = new Linker(vertx, pool, linkStore, normalizer, settings.defaultPolicy());
    this.activities = new PgActivityStore(pool);
    var calls = new ExternalCalls(vertx, pool, linker, linkStore, new PgExternalCallStore(), activities);
    this.api = new CrmApi(new PgRecordStore(pool, linkStore), new PgConversionStore(pool, linkStore), activities,
        calls, normalizer, new LeadReportApi(pool, Clock.systemUTC()));
  }

  public Linker linker() {
    return linker;
  }

  public ApiRoutes routes() {
    return api;
  }

  /** Registers the {@link CrmAddresses#LINK} and {@link CrmAddresses#FIND_OWNER} consumers. */
  public Future<Void> registerConsumers() {
    consumer = vertx.eventBus().consumer(CrmAddresses.LINK, this::onLink);
    ownerConsumer = vertx.eventBus().consumer(CrmAddresses.FIND_OWNER, this::onFindOwner);
    completeConsumer = vertx.eventBus().consumer(CrmAddresses.COMPLETE_ACTIVITY, message -> BusReplies.reply(message,
        activities.update(message.body().activityId(), new io.linehub.crm.store.ActivityStore.Changes("done", null,
            null, message.body().result(), null, null, java.util.Set.of("status", "result")))
            .map(ignored -> message.body().activityId())));
    return Future.all(consumer.completion(), ownerConsumer.completion(), completeConsumer.completion()).mapEmpty();
  }

  public Future<Void> close() {
    return Future.all(consumer == null ? Future.succeededFuture() : consumer.unregister(),
        ownerConsumer == null ? Future.succeededFuture() : ownerConsumer.unregister(),
        completeConsumer == null ? Future.succeededFuture() : completeConsumer.unregister()).mapEmpty();
  }

  private void onFindOwner(Message<OwnerQuery> message) {
    Future<CustomerCard> result;
    try {
      result = owners.card(normalizer.identities(message.body().identities()), message.body().waitMillis());
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    BusReplies.reply(message, result.map(card -> new OwnerFound(card == null ? null : card.responsibleUserId(), card)));
  }

  private void onLink(Message<Interaction> message) {
    Future<LinkResult> result;
    try {
      result = linker.link(message.body());
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    BusReplies.reply(message, result);
  }
}
