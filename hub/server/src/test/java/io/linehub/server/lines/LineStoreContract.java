package io.linehub.server.lines;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.error.ErrorCode;
import io.linehub.api.error.LinehubException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What every {@link LineStore} must do; an implementation's test implements this interface. */
interface LineStoreContract {

  AtomicInteger SEQUENCE = new AtomicInteger();

  LineStore store();

  /** A user of the store's world, active or deactivated. */
  long newUser(boolean active);

  @Test
  default void createShouldStoreEverySettingWhenLineIsComplete() {
    long ann = newUser(true);
    long bob = newUser(true);
    String fallback = await(store().create(Line.of(newId(), Strategy.ALL, List.of()))).id();
    Line line = complete(newId(), List.of(new Member(bob, 1), new Member(ann, 0)), ann, fallback);

    Line created = await(store().create(line));

    assertThat(created).isEqualTo(line);
    assertThat(await(store().byId(line.id()))).contains(line);
    assertThat(await(store().all())).contains(line);
  }

  @Test
  default void allShouldListLinesOrderedByIdWhenSeveralExist() {
    String first = "a" + newId();
    String second = "b" + newId();
    await(store().create(Line.of(second, Strategy.EVENLY, List.of())));
    await(store().create(Line.of(first, Strategy.EVENLY, List.of())));

    List<String> ids = await(store().all()).stream().map(Line::id).toList();

    assertThat(ids).isSorted().contains(first, second);
  }

  @Test
  default void createShouldAnswer409WhenIdExistsOrDidIsTaken() {
    Line line = withDid(Line.of(newId(), Strategy.ALL, List.of()), newDid());
    await(store().create(line));

    var sameId = failure(store().create(Line.of(line.id(), Strategy.STRICTLY, List.of())));
    var sameDid = failure(store().create(withDid(Line.of(newId(), Strategy.ALL, List.of()), line.did())));

    assertThat(sameId.code()).isEqualTo(ErrorCode.CONFLICT);
    assertThat(sameId.getMessage()).startsWith("id:");
    assertThat(sameDid.code()).isEqualTo(ErrorCode.CONFLICT);
    assertThat(sameDid.getMessage()).isEqualTo("did: " + line.did() + " is already the number of line " + line.id());
    assertThat(await(store().byId(line.id())).orElseThrow().strategy()).isEqualTo(Strategy.ALL);
  }

  @Test
  default void createShouldAnswer400NamingTheMemberWhenUserIsUnknownOrInactive() {
    long active = newUser(true);
    long inactive = newUser(false);

    var unknown = failure(store().create(Line.of(newId(), Strategy.ALL,
        List.of(new Member(active, 0), new Member(999_999, 0)))));
    var deactivated = failure(store().create(Line.of(newId(), Strategy.ALL,
        List.of(new Member(active, 0), new Member(inactive, 0)))));

    assertThat(unknown.getMessage()).isEqualTo("members[1].userId: user 999999 does not exist or is not active");
    assertThat(deactivated.getMessage()).startsWith("members[1].userId: user " + inactive);
    assertThat(deactivated.code()).isEqualTo(ErrorCode.BAD_REQUEST);
  }

  @Test
  default void createShouldAnswer400WhenFallbackLineOrResponsibleUserIsMissing() {
    String id = newId();
    Line toMissing = LineJson.decode(LineJson.encode(Line.of(id, Strategy.ALL, List.of()))
        .put("noAnswer", new JsonObject().put("action", "line").put("target", "nowhere-" + id)));
    Line withStranger = LineJson.decode(LineJson.encode(Line.of(id, Strategy.ALL, List.of()))
        .put("responsibleUserId", 999_998));

    assertThat(failure(store().create(toMissing)).getMessage())
        .isEqualTo("noAnswer.target: line nowhere-" + id + " does not exist");
    assertThat(failure(store().create(withStranger)).getMessage()).startsWith("responsibleUserId: user 999998");
    assertThat(await(store().byId(id))).isEmpty();
  }

  @Test
  default void replaceShouldSwapSettingsAndQueueWhenLineExists() {
    long ann = newUser(true);
    long bob = newUser(true);
    Line line = await(store().create(Line.of(newId(), Strategy.EVENLY, List.of(new Member(ann, 0)))));
    Line changed = complete(line.id(), List.of(new Member(bob, 0), new Member(ann, 2)), null, null);

    assertThat(await(store().replace(changed))).isEqualTo(changed);
    assertThat(await(store().byId(line.id()))).contains(changed);
  }

  @Test
  default void replaceShouldAnswer404WhenLineIsMissing() {
    var missing = failure(store().replace(Line.of(newId(), Strategy.ALL, List.of())));

    assertThat(missing.code()).isEqualTo(ErrorCode.NOT_FOUND);
  }

  @Test
  default void replaceShouldFreeTheDidWhenLineDropsIt() {
    String did = newDid();
    Line first = await(store().create(withDid(Line.of(newId(), Strategy.ALL, List.of()), did)));
    await(store().replace(withDid(first, null)));

    Line second = await(store().create(withDid(Line.of(newId(), Strategy.ALL, List.of()), did)));

    assertThat(second.did()).isEqualTo(did);
  }

  @Test
  default void replaceMembersShouldKeepTheNewOrderAndTiersWhenLineExists() {
    long ann = newUser(true);
    long bob = newUser(true);
    long eve = newUser(true);
    Line line = await(store().create(Line.of(newId(), Strategy.STRICTLY, List.of(new Member(ann, 0)))));
    List<Member> queue = List.of(new Member(eve, 0), new Member(ann, 1), new Member(bob, 0));

    Line replaced = await(store().replaceMembers(line.id(), queue));

    assertThat(replaced.members()).containsExactlyElementsOf(queue);
    assertThat(await(store().byId(line.id())).orElseThrow().members()).containsExactlyElementsOf(queue);
    assertThat(failure(store().replaceMembers("missing-" + line.id(), queue)).code()).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(failure(store().replaceMembers(line.id(), List.of(new Member(999_997, 0)))).getMessage())
        .startsWith("members[0].userId: user 999997");
  }

  @Test
  default void deleteShouldAnswer409WhileAnotherLineFallsBackToIt() {
    Line target = await(store().create(Line.of(newId(), Strategy.ALL, List.of())));
    Line referrer = await(store().create(complete(newId(), List.of(), null, target.id())));

    var refused = failure(store().delete(target.id()));

    assertThat(refused.code()).isEqualTo(ErrorCode.CONFLICT);
    assertThat(refused.getMessage()).contains(referrer.id());
    await(store().delete(referrer.id()));
    await(store().delete(target.id()));
    assertThat(await(store().byId(target.id()))).isEmpty();
  }

  @Test
  default void deleteShouldAnswer404WhenLineIsMissing() {
    assertThat(failure(store().delete("missing-" + newId())).code()).isEqualTo(ErrorCode.NOT_FOUND);
  }

  /** Every optional setting away from its default; {@code fallbackLine} null means voicemail. */
  private static Line complete(String id, List<Member> members, Long responsible, String fallbackLine) {
    JsonObject json = new JsonObject(LineJsonTest.SALES)
        .put("id", id)
        .put("did", newDid())
        .put("members", new io.vertx.core.json.JsonArray(members.stream()
            .map(m -> new JsonObject().put("userId", m.userId()).put("tier", m.tier())).toList()))
        .put("responsibleUserId", responsible)
        .put("routeToOwner", false)
        .put("maxChats", 7)
        .put("serviceLevelSec", 15)
        .put("timers", new JsonObject().put("callOfferSec", 15).put("chatOfferSec", 45).put("maxWaitSec", 120)
            .put("wrapUpSec", 0));
    if (fallbackLine != null) {
      json.put("noAnswer", new JsonObject().put("action", "line").put("target", fallbackLine));
    }
    return LineJson.decode(json);
  }

  private static Line withDid(Line line, String did) {
    return new Line(line.id(), line.name(), did, line.channels(), line.strategy(), line.members(), line.timers(),
        line.maxChats(), line.noAnswer(), line.hours(), line.outOfHours(), line.responsibleUserId(),
        line.routeToOwner(), line.serviceLevel());
  }

  static String newId() {
    return "line-" + SEQUENCE.incrementAndGet();
  }

  static String newDid() {
    return "+7495" + (1_000_000 + SEQUENCE.incrementAndGet());
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static LinehubException failure(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof LinehubException linehub) {
        return linehub;
      }
      throw new AssertionError("expected a LinehubException", e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    throw new AssertionError("expected a failure");
  }
}
