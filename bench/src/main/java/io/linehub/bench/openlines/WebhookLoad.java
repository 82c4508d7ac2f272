package io.linehub.bench.openlines;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The open-line webhook driver: Telegram {@code Update}s POSTed to {@code /hooks/<channel>} at fixed
 * total rates (open loop, round-robin over C customers, many keep-alive connections), reporting
 * webhooks answered 200 per second (200 = committed to the inbox, durable), the HTTP latency (send to
 * 200) and the end-to-end latency (send to the customer's {@code message} frame on the operator's
 * WebSocket; one clock: the send time is in the message text). Against Linehub ({@code --target
 * linehub}: A agents, a line with {@code maxChats} 50, a Telegram channel; a warm-up in which every
 * customer's first message opens a session that an agent accepts) or the bare endpoint ({@code
 * --target bare}, {@link BareWebhookServer}: one insert per webhook, HTTP figures only). Run it
 * through bench/run-webhooks.sh.
 */
public final class WebhookLoad {

  private static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";
  /** How often accepts are sent: one per agent per tick keeps each socket under chat's 20 frames/s. */
  private static final long ACCEPT_TICK_MS = 100;

  private final Vertx vertx = Vertx.vertx();
  private final String host;
  private final int port;
  private final boolean bare;
  private final String channel;
  private final String secret;
  private final int customers;
  private final WebClient hooks;
  private final WebClient api;
  /** Chat ids are {@code chatBase + customer}; update ids {@code updateBase + n}: unique per run. */
  private final long chatBase;
  private final long updateBase;
  private final AtomicLong sequence = new AtomicLong();
  private final Map<Integer, WebhookStep> steps = new ConcurrentHashMap<>();

  // ---- the operators' side (Linehub only) ----------------------------------------------------
  /** Held in a field: Vert.x closes a client (and its sockets) once it is garbage. */
  private WebSocketClient socketClient;
  private final List<ClientWebSocket> sockets = new ArrayList<>();
  private final List<ArrayDeque<String>> acceptQueues = new ArrayList<>();
  /** Per dialog, the seqs seen (a duplicate is a seq seen twice) and the highest (a lower new one is out of order). */
  private final Map<Long, BitSet> seqsSeen = new HashMap<>();
  private final Map<Long, Long> topSeq = new HashMap<>();
  /** Per dialog, the highest send number of the customer's messages seen: a lower one arrived out of send order. */
  private final Map<Long, Long> topSend = new HashMap<>();
  private final Map<Long, Integer> dialogAgent = new HashMap<>();
  private final Set<Integer> warmCustomers = ConcurrentHashMap.newKeySet();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong outOfOrder = new AtomicLong();
  private final AtomicLong reordered = new AtomicLong();
  private final AtomicLong offers = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong acceptFailed = new AtomicLong();
  private final AtomicLong withdrawn = new AtomicLong();
  private final AtomicLong wsErrors = new AtomicLong();
  private final AtomicLong closed = new AtomicLong();
  private final AtomicLong unknownStep = new AtomicLong();
  private volatile boolean stopping;

  private WebhookLoad(String host, int port, boolean bare, String channel, String secret, int customers,
      int connections) {
    this.host = host;
    this.port = port;
    this.bare = bare;
    this.channel = channel;
    this.secret = secret;
    this.customers = customers;
    this.hooks = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setPipelining(false)
            .setConnectTimeout(10_000).setUserAgent("linehub-bench"),
        new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    this.api = WebClient.create(vertx);
    long run = System.currentTimeMillis() / 1000 % 100_000;
    this.chatBase = 1_000_000_000L + run * 100_000L;
    this.updateBase = run * 100_000_000L;
  }

  public static void main(String[] args) throws Exception {
    String[] target = arg(args, "--url", "127.0.0.1:8080").split(":");
    boolean bare = "bare".equals(arg(args, "--target", "linehub"));
    int agents = Integer.parseInt(arg(args, "--agents", "50"));
    int customers = Integer.parseInt(arg(args, "--customers", "500"));
    int seconds = Integer.parseInt(arg(args, "--seconds", "20"));
    int connections = Integer.parseInt(arg(args, "--connections", "256"));
    int warmupRate = Integer.parseInt(arg(args, "--warmup-rate", "100"));
    int warmupTimeout = Integer.parseInt(arg(args, "--warmup-timeout", "300"));
    int tailSeconds = Integer.parseInt(arg(args, "--tail-seconds", "60"));
    int drainSeconds = Integer.parseInt(arg(args, "--drain-seconds", "600"));
    String channel = arg(args, "--channel", "tg");
    String secret = arg(args, "--secret", "bench-secret");
    WebhookLoad load = new WebhookLoad(target[0], Integer.parseInt(target[1]), bare, channel, secret, customers,
        connections);
    System.out.printf(Locale.ROOT, "target %s on %s:%s, %d customers, %d HTTP connections%s%n",
        bare ? "bare" : "linehub", target[0], target[1], customers, connections,
        bare ? "" : ", " + agents + " agents");
    if (!bare) {
      String dataDir = arg(args, "--data-dir", "");
      load.setUpLinehub(agents, dataDir.isEmpty() ? null : Path.of(dataDir),
          arg(args, "--admin-password", "bench-admin-1"), arg(args, "--line", "bench"));
      load.warmUp(warmupRate, warmupTimeout);
    } else {
      // The bare endpoint: a short warm-up of the JIT and the pool, not reported.
      load.run(0, Math.min(warmupRate * 5, 2000), 3, 5, 0, false);
    }
    int index = 1;
    for (String rate : arg(args, "--rates", "500,1000,2000,3000").split(",")) {
      load.run(index++, Integer.parseInt(rate.trim()), seconds, tailSeconds, drainSeconds, true);
    }
    if (!bare) {
      Thread.sleep(1000);
      long late = load.steps.values().stream().mapToLong(s -> s.late.get()).sum();
      System.out.printf(Locale.ROOT,
          "SUMMARY duplicates=%d out_of_order=%d reordered_vs_send=%d late_after_report=%d offers=%d accepted=%d"
              + " accept_failed=%d withdrawn=%d ws_errors=%d ws_closed=%d%n",
          load.duplicates.get(), load.outOfOrder.get(), load.reordered.get(), late, load.offers.get(),
          load.accepted.get(), load.acceptFailed.get(), load.withdrawn.get(), load.wsErrors.get(), load.closed.get());
    }
    load.stopping = true;
    load.vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    System.exit(0);
  }

  // ---- Linehub set-up -------------------------------------------------------------------------

  /** Agents (users over REST), the line, the channel, the agents' sockets, all available. */
  private void setUpLinehub(int agents, Path dataDir, String adminPassword, String lineId) throws Exception {
    long started = System.nanoTime();
    String admin = call(HttpMethod.POST, "/api/v1/auth/login", null,
        new JsonObject().put("login", "admin").put("password", adminPassword), 200).getString("token");
    String suffix = Long.toString(chatBase % 10_000_000L, 36);
    List<Long> ids = new ArrayList<>();
    List<String> logins = new ArrayList<>();
    for (int i = 0; i < agents; i++) {
      String login = "bench-op-" + suffix + "-" + i;
      logins.add(login);
      ids.add(call(HttpMethod.POST, "/api/v1/users", admin, new JsonObject().put("login", login)
          .put("displayName", "Bench operator " + i).put("role", "agent").put("password", "bench-pass-1"), 201)
          .getLong("id"));
    }
    JsonArray members = new JsonArray();
    ids.forEach(id -> members.add(new JsonObject().put("userId", id).put("tier", 0)));
    JsonObject line = new JsonObject().put("id", lineId).put("name", "Bench").put("strategy", "evenly")
        .put("maxChats", 50).put("channels", new JsonArray().add("telegram")).put("members", members);
    HttpResponse<Buffer> created = send(HttpMethod.POST, "/api/v1/lines", admin, line);
    if (created.statusCode() == 409) {
      call(HttpMethod.PUT, "/api/v1/lines/" + lineId, admin, line, 200);
    } else {
      expect(created, 201, "POST /api/v1/lines");
    }
    int unused;
    try (ServerSocket s = new ServerSocket(0)) {
      unused = s.getLocalPort();
    }
    HttpResponse<Buffer> ch = send(HttpMethod.POST, "/api/v1/openlines/channels", admin, new JsonObject()
        .put("id", channel).put("kind", "telegram").put("lineId", lineId).put("name", "Bench bot")
        .put("baseUrl", "http://127.0.0.1:" + unused)
        .put("secrets", new JsonObject().put("botToken", "1:x").put("webhookSecret", secret)));
    if (ch.statusCode() == 409) {
      System.out.println("channel " + channel + " exists: kept as it is (its webhook secret must be " + secret + ")");
    } else {
      expect(ch, 201, "POST /api/v1/openlines/channels");
    }
    List<String> tokens = new ArrayList<>();
    JWTAuth jwt = dataDir == null ? null : io.linehub.server.auth.SigningKeys.jwt(vertx, dataDir);
    for (int i = 0; i < agents; i++) {
      tokens.add(jwt != null
          ? jwt.generateToken(new JsonObject().put("login", logins.get(i)).put("role", "agent"), new JWTOptions()
              .setAlgorithm("HS256").setSubject(Long.toString(ids.get(i))).setExpiresInSeconds(86_400))
          : call(HttpMethod.POST, "/api/v1/auth/login", null, new JsonObject().put("login", logins.get(i))
              .put("password", "bench-pass-1"), 200).getString("token"));
    }
    socketClient = vertx.createWebSocketClient(new WebSocketClientOptions().setConnectTimeout(30_000)
        .setMaxConnections(Integer.MAX_VALUE));
    List<Future<?>> connecting = new ArrayList<>();
    for (int i = 0; i < agents; i++) {
      int agent = i;
      ClientWebSocket ws = socketClient.webSocket();
      ws.textMessageHandler(text -> onFrame(agent, text));
      ws.closeHandler(v -> {
        if (!stopping && closed.incrementAndGet() == 1) {
          System.out.printf(Locale.ROOT, "WARNING agent %d's socket closed: status %s, reason %s%n", agent,
              ws.closeStatusCode(), ws.closeReason());
        }
      });
      sockets.add(ws);
      acceptQueues.add(new ArrayDeque<>());
      connecting.add(ws.connect(new WebSocketConnectOptions().setHost(host).setPort(port)
          .setURI("/ws?access_token=" + tokens.get(i))));
    }
    Future.all(connecting).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    vertx.setPeriodic(ACCEPT_TICK_MS, id -> sendAccepts());
    for (String token : tokens) {
      call(HttpMethod.PUT, "/api/v1/agents/me/state", token, new JsonObject().put("state", "available"), 200);
    }
    System.out.printf(Locale.ROOT, "set up %d agents on line %s, channel %s, in %.1f s%n", agents, lineId, channel,
        (System.nanoTime() - started) / 1e9);
  }

  /** Every customer writes once; waits until each of those messages reached an operator's socket. */
  private void warmUp(int rate, int timeoutSeconds) throws Exception {
    long started = System.nanoTime();
    WebhookStep step = new WebhookStep(0, rate);
    steps.put(0, step);
    pace(step, rate, customers);
    long deadline = started + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    long lastPrint = System.nanoTime();
    while (warmCustomers.size() < customers && System.nanoTime() < deadline) {
      Thread.sleep(200);
      if (System.nanoTime() - lastPrint > 5e9) {
        lastPrint = System.nanoTime();
        System.out.printf(Locale.ROOT, "warm-up: %d/%d customers with an operator (webhooks ok %d, offers %d,"
                + " accepted %d)%n", warmCustomers.size(), customers, step.ok.get(), offers.get(), accepted.get());
      }
    }
    step.closed = true;
    int holding;
    synchronized (this) {
      holding = (int) dialogAgent.values().stream().distinct().count();
    }
    System.out.printf(Locale.ROOT, "warm-up: %d/%d customers' first messages on an operator's socket in %.1f s"
            + " (webhooks ok %d, non-200 %d, failed %d; offers %d, accepted %d, accept errors %d; %d agents hold"
            + " sessions; e2e p50 %.1f ms, p99 %.1f ms)%n",
        warmCustomers.size(), customers, (System.nanoTime() - started) / 1e9, step.ok.get(), step.non200.get(),
        step.failed.get(), offers.get(), accepted.get(), acceptFailed.get(), holding, step.e2e.percentileMs(50),
        step.e2e.percentileMs(99));
    if (warmCustomers.size() < customers) {
      System.out.printf(Locale.ROOT, "WARNING %d customers have no operator after %d s: the steps' e2e figures"
          + " miss their messages (agents x maxChats 50 must cover the customers)%n",
          customers - warmCustomers.size(), timeoutSeconds);
    }
  }

  private void sendAccepts() {
    for (int i = 0; i < sockets.size(); i++) {
      String ticket;
      synchronized (this) {
        ticket = acceptQueues.get(i).poll();
      }
      ClientWebSocket ws = sockets.get(i);
      if (ticket != null && !ws.isClosed()) {
        ws.writeTextMessage(new JsonObject().put("v", 1).put("type", "accept").put("id", "a:" + ticket)
            .put("ticketId", ticket).encode());
      }
    }
  }

  private void onFrame(int agent, String text) {
    long now = System.nanoTime();
    JsonObject frame;
    try {
      frame = new JsonObject(text);
    } catch (RuntimeException e) {
      wsErrors.incrementAndGet();
      return;
    }
    switch (String.valueOf(frame.getString("type"))) {
      case "message" -> onMessage(agent, frame.getJsonObject("message"), now);
      case "offer" -> {
        offers.incrementAndGet();
        synchronized (this) {
          acceptQueues.get(agent).add(frame.getString("ticketId"));
        }
      }
      case "offer_withdrawn" -> withdrawn.incrementAndGet();
      case "ok" -> {
        if (String.valueOf(frame.getString("id")).startsWith("a:")) {
          accepted.incrementAndGet();
        }
      }
      case "error" -> {
        String id = String.valueOf(frame.getString("id"));
        if (id.startsWith("a:") && "RATE_LIMITED".equals(frame.getString("error"))) {
          synchronized (this) {
            acceptQueues.get(agent).add(id.substring(2));
          }
        } else if (id.startsWith("a:")) {
          if (acceptFailed.incrementAndGet() <= 3) {
            System.out.println("accept refused: " + text);
          }
        } else if (wsErrors.incrementAndGet() <= 3) {
          System.out.println("error frame: " + text);
        }
      }
      default -> {
        // hello, dialog, assigned, presence, delivery, read...: not measured
      }
    }
  }

  private void onMessage(int agent, JsonObject message, long now) {
    if (message == null) {
      return;
    }
    long dialog = message.getLong("dialogId");
    long seq = message.getLong("seq");
    String text = message.getString("text");
    boolean customer = "external".equals(message.getString("kind")) && text != null && text.startsWith("t=");
    long sendTime = 0;
    int stepIndex = -1;
    int who = -1;
    long n = -1;
    if (customer) {
      for (String part : text.split(" ")) {
        if (part.length() < 3 || part.charAt(1) != '=') {
          continue;
        }
        long value = Long.parseLong(part.substring(2));
        switch (part.charAt(0)) {
          case 't' -> sendTime = value;
          case 's' -> stepIndex = (int) value;
          case 'c' -> who = (int) value;
          case 'n' -> n = value;
          default -> {
          }
        }
      }
    }
    synchronized (this) {
      dialogAgent.put(dialog, agent);
      BitSet seen = seqsSeen.computeIfAbsent(dialog, d -> new BitSet());
      if (seen.get((int) seq)) {
        duplicates.incrementAndGet();
        return;
      }
      seen.set((int) seq);
      long top = topSeq.getOrDefault(dialog, 0L);
      if (seq < top) {
        outOfOrder.incrementAndGet();
      } else {
        topSeq.put(dialog, seq);
      }
      if (customer) {
        long lastSend = topSend.getOrDefault(dialog, -1L);
        if (n < lastSend) {
          reordered.incrementAndGet();
        } else {
          topSend.put(dialog, n);
        }
      }
    }
    if (!customer) {
      return;
    }
    WebhookStep step = steps.get(stepIndex);
    if (step == null) {
      unknownStep.incrementAndGet();
      return;
    }
    step.e2e.record(now - sendTime);
    step.delivered.incrementAndGet();
    step.lastDelivery = now;
    if (step.closed) {
      step.late.incrementAndGet();
    }
    if (stepIndex == 0) {
      warmCustomers.add(who);
    }
  }

  // ---- the webhooks ---------------------------------------------------------------------------

  /**
   * Sends {@code rate} webhooks a second for {@code seconds}, waits for their answers and (Linehub)
   * for their messages on the operators' sockets (until all arrived, nothing arrived for 10 s, or
   * {@code tailSeconds}), and prints a RESULT line when {@code report}. Then, if Linehub is behind,
   * waits up to {@code drainSeconds} for the rest (a LATE line), so the next step starts on an empty
   * backlog.
   */
  private void run(int index, int rate, int seconds, int tailSeconds, int drainSeconds, boolean report)
      throws Exception {
    WebhookStep step = new WebhookStep(index, rate);
    steps.put(index, step);
    long duplicatesBefore = duplicates.get();
    long outOfOrderBefore = outOfOrder.get();
    long reorderedBefore = reordered.get();
    long started = System.nanoTime();
    long sent = pace(step, rate, (long) rate * seconds);
    double sendSeconds = (System.nanoTime() - started) / 1e9;
    long answersBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (step.inflight.get() > 0 && System.nanoTime() < answersBy) {
      Thread.sleep(20);
    }
    if (!bare) {
      waitForDeliveries(step, tailSeconds, 10);
    }
    step.closed = true;
    if (!report) {
      return;
    }
    long ok = step.ok.get();
    long errors = step.non200.get() + step.failed.get() + step.inflight.get();
    if (step.firstProblem != null) {
      System.out.println("first failure: " + step.firstProblem);
    }
    if (bare) {
      System.out.printf(Locale.ROOT, "RESULT target=bare rate=%d sent=%d (%.0f/s) ok=%d (%.0f/s) http_p50_ms=%.2f"
              + " http_p99_ms=%.2f http_max_ms=%.1f non200=%d failed=%d unanswered=%d errors=%d%n",
          rate, sent, sent / sendSeconds, ok, ok / (double) seconds, step.http.percentileMs(50),
          step.http.percentileMs(99), step.http.percentileMs(100), step.non200.get(), step.failed.get(),
          step.inflight.get(), errors);
      return;
    }
    long delivered = step.delivered.get();
    double deliverySeconds = Math.max(seconds, (step.lastDelivery - started) / 1e9);
    if (delivered < ok) {
      System.out.printf(Locale.ROOT, "WARNING %d of %d committed webhooks not on an operator's socket when the"
          + " step was reported: the e2e figures below leave them out; see the LATE line%n", ok - delivered, ok);
    }
    System.out.printf(Locale.ROOT, "RESULT target=linehub rate=%d sent=%d (%.0f/s) ok=%d (%.0f/s) http_p50_ms=%.2f"
            + " http_p99_ms=%.2f http_max_ms=%.1f delivered=%d (expected %d, %.0f/s over %.1f s) e2e_p50_ms=%.2f"
            + " e2e_p99_ms=%.2f e2e_max_ms=%.1f non200=%d failed=%d unanswered=%d errors=%d duplicates=%d"
            + " out_of_order=%d reordered_vs_send=%d%n",
        rate, sent, sent / sendSeconds, ok, ok / (double) seconds, step.http.percentileMs(50),
        step.http.percentileMs(99), step.http.percentileMs(100), delivered, ok, delivered / deliverySeconds,
        deliverySeconds, step.e2e.percentileMs(50), step.e2e.percentileMs(99), step.e2e.percentileMs(100),
        step.non200.get(), step.failed.get(), step.inflight.get(), errors, duplicates.get() - duplicatesBefore,
        outOfOrder.get() - outOfOrderBefore, reordered.get() - reorderedBefore);
    if (delivered < ok && drainSeconds > 0) {
      long drainStart = System.nanoTime();
      waitForDeliveries(step, drainSeconds, 30);
      System.out.printf(Locale.ROOT, "LATE rate=%d late=%d still_missing=%d drained_in_s=%.1f"
              + " e2e_p50_ms_with_late=%.2f e2e_p99_ms_with_late=%.2f e2e_max_ms_with_late=%.1f%n",
          rate, step.late.get(), Math.max(0, step.ok.get() - step.delivered.get()),
          (System.nanoTime() - drainStart) / 1e9, step.e2e.percentileMs(50), step.e2e.percentileMs(99),
          step.e2e.percentileMs(100));
    }
  }

  /**
   * Waits until the step's committed webhooks are all on the operators' sockets, or nothing came for
   * {@code stallSeconds}, or {@code maxSeconds} passed.
   */
  private static void waitForDeliveries(WebhookStep step, int maxSeconds, int stallSeconds) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
    long lastCount = -1;
    long lastChange = System.nanoTime();
    while (step.delivered.get() < step.ok.get() && System.nanoTime() < end
        && System.nanoTime() - lastChange < TimeUnit.SECONDS.toNanos(stallSeconds)) {
      Thread.sleep(50);
      long count = step.delivered.get();
      if (count != lastCount) {
        lastCount = count;
        lastChange = System.nanoTime();
      }
    }
  }

  /** Open loop: {@code total} webhooks at {@code rate} a second, round-robin over the customers; back when all are sent. */
  private long pace(WebhookStep step, int rate, long total) throws InterruptedException {
    long start = System.nanoTime();
    long[] sent = {0};
    int[] next = {0};
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    long timer = vertx.setPeriodic(2, id -> {
      long due = Math.min(total, (long) ((System.nanoTime() - start) / 1e9 * rate)) - sent[0];
      for (long i = 0; i < due; i++) {
        int customer = next[0];
        next[0] = (next[0] + 1) % customers;
        sent[0]++;
        send(step, customer);
      }
      if (sent[0] >= total) {
        vertx.cancelTimer(id);
        done.countDown();
      }
    });
    if (!done.await(total / Math.max(1, rate) + 60, TimeUnit.SECONDS)) {
      vertx.cancelTimer(timer);
    }
    return sent[0];
  }

  private void send(WebhookStep step, int customer) {
    long n = sequence.incrementAndGet();
    long chat = chatBase + customer;
    long now = System.nanoTime();
    String body = "{\"update_id\":" + (updateBase + n) + ",\"message\":{\"message_id\":" + n + ",\"date\":"
        + System.currentTimeMillis() / 1000 + ",\"chat\":{\"id\":" + chat + ",\"type\":\"private\",\"first_name\":\"C"
        + customer + "\"},\"from\":{\"id\":" + chat + ",\"is_bot\":false,\"first_name\":\"C" + customer
        + "\"},\"text\":\"t=" + now + " s=" + step.index + " c=" + customer + " n=" + n + "\"}}";
    step.sent.incrementAndGet();
    step.inflight.incrementAndGet();
    hooks.post(port, host, "/hooks/" + channel).putHeader(SECRET_HEADER, secret)
        .putHeader("Content-Type", "application/json").timeout(60_000)
        .sendBuffer(Buffer.buffer(body))
        .onComplete(ar -> {
          long took = System.nanoTime() - now;
          step.inflight.decrementAndGet();
          if (ar.succeeded() && ar.result().statusCode() == 200) {
            step.ok.incrementAndGet();
            step.http.record(took);
          } else if (ar.succeeded()) {
            step.non200.incrementAndGet();
            step.problem("HTTP " + ar.result().statusCode() + " " + ar.result().bodyAsString());
          } else {
            step.failed.incrementAndGet();
            step.problem(String.valueOf(ar.cause()));
          }
        });
  }

  // ---- REST -----------------------------------------------------------------------------------

  private HttpResponse<Buffer> send(HttpMethod method, String path, String token, JsonObject body) throws Exception {
    var request = api.request(method, port, host, path).timeout(30_000);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    return request.sendJsonObject(body).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private JsonObject call(HttpMethod method, String path, String token, JsonObject body, int status) throws Exception {
    HttpResponse<Buffer> response = send(method, path, token, body);
    expect(response, status, method + " " + path);
    return response.bodyAsJsonObject();
  }

  private static void expect(HttpResponse<Buffer> response, int status, String what) {
    if (response.statusCode() != status) {
      throw new IllegalStateException(what + ": HTTP " + response.statusCode() + " " + response.bodyAsString());
    }
  }

  private static String arg(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
