package io.linehub.crm.store;

import io.linehub.api.batch.GroupCommit;
import io.linehub.api.crm.CardActivity;
import io.linehub.api.crm.CustomerCard;
import io.linehub.crm.link.NormalIdentity;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Who a customer is in the CRM, by the precedence linking uses (a contact before a company before a
 * lead, then the earlier identity, then the oldest record), live records only: the card of the
 * screen pop and its responsible user. A plain read without the linking locks: it answers routing,
 * which only needs a good guess.
 */
public final class PgOwnerStore {

  /**
   * The customers' cards for a batch of lookups in one round trip (crm.cards, V4): $1 numbers each
   * identity's lookup, $2/$3 are the identities in order; a lookup whose customer is unknown has no
   * row.
   */
  private static final String CARDS = "SELECT * FROM crm.cards($1, $2, $3)";
  /** Lookups at the database at once; what arrives meanwhile goes in the next round trip. */
  private static final int IN_FLIGHT = 4;
  private static final int MAX_BATCH = 64;
  /**
   * How long a lookup may wait for its turn when its asker did not say how long it waits: past that
   * it is answered with a failure instead of a query, because the screen pop it was for has gone on
   * without it, and querying for nobody on a saturated database only makes every later lookup late
   * too.
   */
  static final long STALE_NANOS = TimeUnit.SECONDS.toNanos(2);
  /** Stands for "not looked up, too late" in a batch's answers. */
  private static final CustomerCard STALE = new CustomerCard("stale", 0L, null, null, null, List.of());

  /** A lookup, and the reading of the clock past which nobody waits for it any more. */
  private record Lookup(List<NormalIdentity> identities, long giveUpAt) {
  }

  private final Pool pool;
  private final GroupCommit<Lookup, CustomerCard> lookups;
  private final LongSupplier nanoTime;

  public PgOwnerStore(Pool pool) {
    this(pool, System::nanoTime);
  }

  PgOwnerStore(Pool pool, LongSupplier nanoTime) {
    this.pool = pool;
    this.nanoTime = nanoTime;
    this.lookups = new GroupCommit<>(this::cards, IN_FLIGHT, MAX_BATCH, false);
  }

  /** The customer's card, or null when no live record matches; waits up to {@link #STALE_NANOS}. */
  public Future<CustomerCard> card(List<NormalIdentity> identities) {
    return card(identities, 0);
  }

  /**
   * The customer's card, or null when no live record matches; fails without a query when the
   * lookup is still queued after {@code waitMillis} (the asker's own timeout; 0: {@link #STALE_NANOS}).
   * Under overload the queue otherwise fills with lookups whose askers have all timed out, and every
   * fresh one waits behind them: routing saw every card of 20 s in a row fail at 750 calls/s.
   */
  public Future<CustomerCard> card(List<NormalIdentity> identities, long waitMillis) {
    if (identities.isEmpty()) {
      return Future.succeededFuture(null);
    }
    long patience = waitMillis > 0 ? TimeUnit.MILLISECONDS.toNanos(waitMillis) : STALE_NANOS;
    return lookups.submit(new Lookup(identities, nanoTime.getAsLong() + patience)).compose(card -> card == STALE
        ? Future.failedFuture(new IllegalStateException("the card lookup waited too long for the database"))
        : Future.succeededFuture(card));
  }

  private Future<List<CustomerCard>> cards(List<Lookup> batch) {
    long now = nanoTime.getAsLong();
    CustomerCard[] cards = new CustomerCard[batch.size()];
    List<Integer> items = new ArrayList<>();
    List<String> types = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      if (now - batch.get(i).giveUpAt() > 0) {
        cards[i] = STALE;
        continue;
      }
      for (NormalIdentity identity : batch.get(i).identities()) {
        items.add(i);
        types.add(identity.wire());
        values.add(identity.value());
      }
    }
    if (items.isEmpty()) {
      return Future.succeededFuture(Arrays.asList(cards));
    }
    return pool.preparedQuery(CARDS).execute(Tuple.tuple().addValue(items.toArray(Integer[]::new))
        .addValue(types.toArray(String[]::new)).addValue(values.toArray(String[]::new))).map(rows -> {
          for (Row row : rows) {
            cards[row.getInteger("item")] = card(row);
          }
          return Arrays.asList(cards);
        });
  }

  private static CustomerCard card(Row row) {
    Object raw = row.getValue("activities");
    JsonArray json = raw instanceof JsonArray array ? array : new JsonArray(String.valueOf(raw));
    List<CardActivity> activities = new ArrayList<>();
    for (int i = 0; i < json.size(); i++) {
      JsonObject a = json.getJsonObject(i);
      activities.add(new CardActivity(a.getLong("id"), a.getString("kind"), a.getString("status"),
          a.getString("outcome"), a.getString("subject"), OffsetDateTime.parse(a.getString("at")).toInstant()));
    }
    return new CustomerCard(row.getString("entity_type"), row.getLong("entity_id"), row.getString("name"),
        row.getString("company"), row.getLong("responsible"), activities);
  }
}
