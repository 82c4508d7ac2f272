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
 * duplicate customer. The rules that need no database (validation, normalisation, the activity's
 * kind/status/subject, the new customer's title) are decided here; finding or creating the
 * customer and writing the activity is one call of {@code crm.link_batch}, which takes advisory
 * locks on every identity and idempotency key first (sorted, so no deadlocks, and valid across
 * nodes sharing the database). Concurrent links share calls through the {@link io.linehub.api.batch.GroupCommit}.
 */
public final class Linker {

  private static final Logger LOG = LoggerFactory.getLogger(Linker.class);
  private static final Pattern SHA256 = Pattern.compile("^[0-9a-fA-F]{64}$");

  private final Vertx vertx;
  private final LinkStore store;
  private final Normalizer normalizer;
  private final LinkPolicy defaultPolicy;
  private final io.linehub.api.batch.GroupCommit<LinkStore.Item, LinkStore.Linking> batcher;

  public Linker(Vertx vertx, Pool pool, LinkStore store, Normalizer normalizer, LinkPolicy defaultPolicy) {
    this.vertx = vertx;
    this.store = store;
    this.normalizer = normalizer;
    this.defaultPolicy = defaultPolicy;
    // A few calls in flight leave the rest of the pool to REST and the other modules.
    // A failed batch is retried link by link: one bad interaction never fails its neighbours.
    this.batcher = new io.linehub.api.batch.GroupCommit<>(items -> store.link(pool, items), 4, 64, true);
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
    return batcher.submit(item(interaction, identities))
        .map(linking -> published(linked(interaction, linking)));
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
    return store.link(tx, List.of(item(in, identities))).map(results -> linked(in, results.get(0)));
  }

  private LinkStore.Item item(Interaction in, List<NormalIdentity> identities) {
    Long[] keys = LockKeys.of(identities, LockKeys.interaction(in.channel(), in.externalId()));
    LinkPolicy policy = in.policy() == null ? defaultPolicy : in.policy();
    Long owner = in.agentUserId() != null ? in.agentUserId() : in.lineResponsibleUserId();
    var spec = new NewCustomer(title(in, identities), blankToNull(in.customerName()), in.channel(), owner);
    return new LinkStore.Item(keys, identities, policy, spec, ActivityRules.draft(in));
  }

  /** Publishes what a committed link created; returns its result. */
  public LinkResult published(Linked linked) {
    if (linked.leadCreated() != null) {
      vertx.eventBus().publish(CrmAddresses.LEAD_CREATED, linked.leadCreated());
    }
    return linked.result();
  }

  private Linked linked(Interaction in, LinkStore.Linking linking) {
    String entity = linking.ref() == null ? null : linking.ref().toString();
    var result = new LinkResult(entity, linking.created(), linking.activityId(), linking.replayed(),
        linking.responsibleUserId());
    LeadCreated event = linking.created() && linking.ref().type() == EntityType.LEAD
        ? new LeadCreated(linking.ref().id(), in.channel(), linking.responsibleUserId())
        : null;
    if (linking.created()) {
      LOG.debug("Linking created {} [channel: {}, activity: {}]", entity, in.channel(), linking.activityId());
    }
    return new Linked(result, event);
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
