package io.linehub.crm.link;

import io.linehub.api.crm.Channel;
import io.linehub.api.crm.CrmAddresses;
import io.linehub.api.crm.EntityRef.EntityType;
import io.linehub.api.crm.IdentityType;
import io.linehub.api.crm.Interaction;
import io.linehub.api.crm.LeadCreated;
import io.linehub.api.crm.LinkPolicy;
import io.linehub.api.crm.LinkResult;
import io.linehub.api.error.LinehubException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Links one interaction to its customer and writes its activity, never twice and never a
 * duplicate customer: one transaction takes advisory locks on every identity and on the
 * idempotency key (sorted, so no deadlocks, and valid across nodes sharing the database), then
 * looks up, then inserts. Five or six round trips per link.
 */
public final class Linker {

  private static final Logger LOG = LoggerFactory.getLogger(Linker.class);
  private static final Pattern SHA256 = Pattern.compile("^[0-9a-fA-F]{64}$");

  private final Vertx vertx;
  private final Pool pool;
  private final LinkStore store;
  private final CustomerFinder finder;
  private final Normalizer normalizer;
  private final LinkPolicy defaultPolicy;

  public Linker(Vertx vertx, Pool pool, LinkStore store, Normalizer normalizer, LinkPolicy defaultPolicy) {
    this.vertx = vertx;
    this.pool = pool;
    this.store = store;
    this.finder = new CustomerFinder(store);
    this.normalizer = normalizer;
    this.defaultPolicy = defaultPolicy;
  }

  /** The outcome of a link inside someone's transaction; publish the event after commit. */
  public record Linked(LinkResult result, LeadCreated leadCreated) {
  }

  public Future<LinkResult> link(Interaction interaction) {
    List<NormalIdentity> identities;
    try {
      identities = validate(interaction);
    } catch (LinehubException e) {
      return Future.failedFuture(e);
    }
    return pool.withTransaction(tx -> linkIn(tx, interaction, identities))
        .map(this::published);
  }

  /** Validates and normalises the identities: 400 naming the field for anything unusable. */
  public List<NormalIdentity> validate(Interaction in) {
    if (in == null) {
      throw LinehubException.badRequest("body: an interaction is required");
    }
    if (in.externalId() == null || in.externalId().isBlank()) {
      throw LinehubException.badRequest("externalId: is required");
    }
    if (in.channel() == null) {
      throw LinehubException.badRequest("channel: is required");
    }
    if (in.direction() == null) {
      throw LinehubException.badRequest("direction: is required");
    }
    if (in.recording() != null) {
      if (in.recording().uri() == null || in.recording().uri().isBlank()) {
        throw LinehubException.badRequest("recording.uri: is required");
      }
      if (in.recording().sha256() != null && !SHA256.matcher(in.recording().sha256()).matches()) {
        throw LinehubException.badRequest("recording.sha256: must be 64 hex digits");
      }
    }
    ActivityRules.outcomeOf(in);
    return normalizer.identities(in.identities());
  }

  /** Links on the caller's transaction; {@code identities} come from {@link #validate}. */
  public Future<Linked> linkIn(SqlConnection tx, Interaction in, List<NormalIdentity> identities) {
    Long[] keys = LockKeys.of(identities, LockKeys.interaction(in.channel(), in.externalId()));
    return store.lock(tx, keys)
        .compose(locked -> store.lookup(tx, in.channel(), in.externalId(), identities))
        .compose(lookup -> lookup.replay() != null
            ? Future.succeededFuture(replayed(lookup.replay()))
            : attach(tx, in, identities, lookup));
  }

  /** Publishes what a committed link created; returns its result. */
  public LinkResult published(Linked linked) {
    if (linked.leadCreated() != null) {
      vertx.eventBus().publish(CrmAddresses.LEAD_CREATED, linked.leadCreated());
    }
    return linked.result();
  }

  private Future<Linked> attach(SqlConnection tx, Interaction in, List<NormalIdentity> identities, Lookup lookup) {
    LinkPolicy policy = in.policy() == null ? defaultPolicy : in.policy();
    Long owner = in.agentUserId() != null ? in.agentUserId() : in.lineResponsibleUserId();
    var spec = new NewCustomer(title(in, identities), blankToNull(in.customerName()), in.channel(), owner);
    return finder.findOrCreate(tx, lookup, identities, policy, spec)
        .compose(customer -> store.insertActivity(tx, ActivityRules.draft(in, customer.responsibleUserId()),
                customer.ref(), customer.newIdentities())
            .map(activityId -> linked(in, customer, activityId)));
  }

  private Linked linked(Interaction in, Customer customer, Long activityId) {
    if (activityId == null) {
      // unreachable while every writer of (channel, external_id) holds the key's advisory lock
      throw LinehubException.conflict("externalId: " + in.externalId() + " is being linked concurrently");
    }
    String entity = customer.ref() == null ? null : customer.ref().toString();
    var result = new LinkResult(entity, customer.created(), activityId, false, customer.responsibleUserId());
    LeadCreated event = customer.created() && customer.ref().type() == EntityType.LEAD
        ? new LeadCreated(customer.ref().id(), in.channel(), customer.responsibleUserId())
        : null;
    if (customer.created()) {
      LOG.info("Linking created {} [channel: {}, activity: {}]", entity, in.channel(), activityId);
    }
    return new Linked(result, event);
  }

  private static Linked replayed(Lookup.Replay replay) {
    String entity = replay.entity() == null ? null : replay.entity().toString();
    return new Linked(new LinkResult(entity, false, replay.activityId(), true, replay.responsibleUserId()), null);
  }

  /** "Call from +74951234567", "Telegram message from Ivan". */
  public static String title(Interaction in, List<NormalIdentity> identities) {
    String who;
    if (in.channel() == Channel.PHONE) {
      who = identities.stream().filter(i -> i.type() == IdentityType.PHONE).map(NormalIdentity::value)
          .findFirst().orElse(blankToNull(in.customerName()));
    } else {
      who = blankToNull(in.customerName());
      if (who == null && !identities.isEmpty()) {
        who = identities.get(0).value();
      }
    }
    String label = ActivityRules.label(in.channel());
    String capital = Character.toUpperCase(label.charAt(0)) + label.substring(1);
    String preposition = in.direction() == io.linehub.api.crm.Direction.OUTBOUND ? " to " : " from ";
    return who == null ? capital : capital + preposition + who;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
