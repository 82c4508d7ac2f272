package io.linehub.bench;

import io.linehub.api.bus.Contracts;
import io.linehub.api.crm.Channel;
import io.linehub.api.routing.AgentState;
import io.linehub.api.routing.Finish;
import io.linehub.api.routing.FinishReason;
import io.linehub.api.routing.Media;
import io.linehub.api.routing.Offered;
import io.linehub.api.routing.RegistrationChanged;
import io.linehub.api.routing.RouteRequest;
import io.linehub.api.routing.RoutingAddresses;
import io.linehub.api.routing.SetPresence;
import io.linehub.server.lines.Line;
import io.linehub.server.lines.Member;
import io.linehub.server.lines.Strategy;
import io.linehub.server.routing.ClaimStore;
import io.linehub.server.routing.LineSource;
import io.linehub.server.routing.RoutingVerticle;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Routing decisions per second and the latency from "customer arrives" (the enqueue request is
 * sent) to "offer published" (the {@code hub.routing.offered} event is received), through the event
 * bus to the one routing verticle, with N agents in M lines. The customer leaves as soon as the
 * offer arrives, so agents stay free and every arrival is a full decision (pick, offer, timers,
 * presence events) followed by the abandon path. The claim store is not on this path: it is hit
 * when an agent accepts, at human rate. Usage:
 * {@code bench/run-routing.sh [--seconds 20] [--agents 1000] [--lines 100] [--inflight 64] [--rate 0]}
 * — {@code --rate N} paces arrivals at N/s (open loop) instead of keeping {@code --inflight} waiting.
 */
public final class RoutingBench {

  public static void main(String[] args) throws Exception {
    int seconds = LinkBench.intArg(args, "--seconds", 20);
    int agents = LinkBench.intArg(args, "--agents", 1000);
    int lineCount = LinkBench.intArg(args, "--lines", 100);
    int inflight = LinkBench.intArg(args, "--inflight", 64);
    int rate = LinkBench.intArg(args, "--rate", 0);
    int perLine = LinkBench.intArg(args, "--members", 30);

    Vertx vertx = Vertx.vertx();
    Contracts.registerCodecs(vertx);
    List<Line> lines = lines(lineCount, agents, perLine);
    Map<String, Line> byId = new HashMap<>();
    lines.forEach(l -> byId.put(l.id(), l));
    LineSource source = new LineSource() {
      @Override
      public Future<List<Line>> all() {
        return Future.succeededFuture(lines);
      }

      @Override
      public Future<Optional<Line>> byId(String lineId) {
        return Future.succeededFuture(Optional.ofNullable(byId.get(lineId)));
      }
    };
    join(vertx.deployVerticle(new RoutingVerticle(source, new io.linehub.server.lines.LineCatalog(), new NoClaims(),
        new SimpleMeterRegistry())));
    List<Future<?>> ready = new ArrayList<>();
    for (long agent = 1; agent <= agents; agent++) {
      vertx.eventBus().publish(RoutingAddresses.REGISTRATION_CHANGED, new RegistrationChanged(agent, true));
      ready.add(vertx.eventBus().request(RoutingAddresses.SET_PRESENCE,
          new SetPresence(agent, AgentState.AVAILABLE, null)));
    }
    join(Future.all(ready));

    System.out.printf(Locale.ROOT, "cores=%d agents=%d lines=%d members/line=%d inflight=%d rate=%d seconds=%d%n",
        Runtime.getRuntime().availableProcessors(), agents, lineCount, perLine, inflight, rate, seconds);
    // Warm up closed-loop: a cold JIT under an open-loop rate builds a backlog the run would inherit.
    Driver warm = new Driver(lines, 64, 0, Math.min(5, seconds));
    join(vertx.deployVerticle(warm).compose(id -> warm.done.future()));
    System.out.println("warm-up: " + warm.report());
    Driver run = new Driver(lines, inflight, rate, seconds);
    join(vertx.deployVerticle(run).compose(id -> run.done.future()));
    System.out.println("routing: " + run.report());
    join(vertx.close());
  }

  /** 100 lines over 1,000 agents: each line takes {@code perLine} agents, strategies in turn, two tiers. */
  static List<Line> lines(int count, int agents, int perLine) {
    Strategy[] strategies = Strategy.values();
    List<Line> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      List<Member> members = new ArrayList<>();
      for (int j = 0; j < perLine; j++) {
        long agent = 1 + ((long) i * perLine / 3 + j) % agents;
        members.add(new Member(agent, j < perLine / 3 ? 0 : 1));
      }
      out.add(Line.of("line-" + i, strategies[i % strategies.length], members));
    }
    return out;
  }

  /** Sends arrivals, measures to the offer, then lets the customer leave. One event loop. */
  static final class Driver extends VerticleBase {

    final Promise<Void> done = Promise.promise();
    private final List<Line> lines;
    private final int inflight;
    private final int rate;
    private final int seconds;
    private final Map<String, Long> sentAt = new HashMap<>();
    private final LatencyHistogram latency = new LatencyHistogram();
    private final SplittableRandom random = new SplittableRandom(42);
    private long sequence;
    private long decisions;
    private long failures;
    private long started;
    private long ended;
    private boolean stopping;

    Driver(List<Line> lines, int inflight, int rate, int seconds) {
      this.lines = lines;
      this.inflight = inflight;
      this.rate = rate;
      this.seconds = seconds;
    }

    @Override
    public Future<?> start() {
      String prefix = "b" + System.nanoTime() + "-";
      var consumer = vertx.eventBus().<Offered>localConsumer(RoutingAddresses.OFFERED, m -> onOffer(m.body()));
      this.prefix = prefix;
      return consumer.completion().onSuccess(v -> {
        started = System.nanoTime();
        vertx.setTimer(seconds * 1000L, t -> stopping = true);
        if (rate > 0) {
          vertx.setPeriodic(1, t -> {
            if (stopping) {
              vertx.cancelTimer(t);
              finishWhenDrained();
              return;
            }
            long due = (System.nanoTime() - started) * rate / 1_000_000_000L;
            while (sequence < due) {
              arrive(prefix);
            }
          });
        } else {
          for (int i = 0; i < inflight; i++) {
            arrive(prefix);
          }
        }
      });
    }

    private String prefix;

    private void arrive(String prefix) {
      String id = prefix + (sequence++);
      Line line = lines.get(random.nextInt(lines.size()));
      Media media = random.nextBoolean() ? Media.CALL : Media.CHAT;
      sentAt.put(id, System.nanoTime());
      vertx.eventBus().request(RoutingAddresses.ENQUEUE, new RouteRequest(id, line.id(), media,
          media == Media.CALL ? Channel.PHONE : Channel.SITE_CHAT, null, List.of(), null))
          .onFailure(e -> {
            failures++;
            sentAt.remove(id);
          });
    }

    private void onOffer(Offered offer) {
      Long sent = sentAt.remove(offer.ticketId());
      if (sent == null) {
        return;
      }
      latency.record(System.nanoTime() - sent);
      decisions++;
      ended = System.nanoTime();
      vertx.eventBus().send(RoutingAddresses.FINISH, new Finish(offer.ticketId(), FinishReason.CUSTOMER_LEFT));
      if (rate == 0) {
        if (stopping) {
          finishWhenDrained();
        } else {
          arrive(prefix);
        }
      }
    }

    private void finishWhenDrained() {
      if (sentAt.isEmpty() || rate > 0) {
        vertx.setTimer(200, t -> done.tryComplete());
      }
    }

    String report() {
      double secs = (ended - started) / 1e9;
      return String.format(Locale.ROOT, "%d decisions in %.1f s = %.0f/s, arrival->offer p50 %.2f ms, p99 %.2f ms,"
          + " p99.9 %.2f ms, max %.2f ms, failures %d, never offered %d", decisions, secs, decisions / secs,
          latency.percentileMs(50), latency.percentileMs(99), latency.percentileMs(99.9),
          latency.percentileMs(100), failures, sentAt.size());
    }
  }

  /** Nobody accepts in this bench, so claims are never asked for. */
  static final class NoClaims implements ClaimStore {
    @Override
    public Future<Result> claim(String ticketId, long agentId, Media media, String lineId, int maxChats) {
      return Future.failedFuture(new IllegalStateException("the routing bench does not accept offers"));
    }

    @Override
    public Future<Void> release(String ticketId) {
      return Future.succeededFuture();
    }

    @Override
    public Future<List<Open>> recover() {
      return Future.succeededFuture(List.of());
    }
  }

  private static <T> T join(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get();
  }
}
