package io.linehub.bench.chat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The chat load driver: N WebSocket connections in groups of G, the groups' members sending at a
 * fixed total rate; reports messages sent and acknowledged per second, messages delivered per
 * second, end-to-end latency (send to delivery on another connection, one clock: this process) and
 * the server's heap per idle connection. Against Linehub ({@code --target linehub}: tokens minted
 * with the hub's signing key from its data dir, one group dialog per group created over REST) or
 * the bare Vert.x broadcast server ({@code --target bare}). Run it through bench/run-chat.sh.
 */
public final class ChatLoad {

  private final Vertx vertx = Vertx.vertx();
  private final String host;
  private final int port;
  private final boolean bare;
  private final List<ClientWebSocket> sockets = new ArrayList<>();
  private final List<Long> groupOf = new ArrayList<>();
  private final Histogram latency = new Histogram();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong closed = new AtomicLong();
  private WebSocketClient client;
  /** Per connection, the last seq delivered: each message must be the next one (no loss, no duplicate). */
  private long[] lastSeq = new long[0];
  private final AtomicLong outOfOrder = new AtomicLong();

  private ChatLoad(String host, int port, boolean bare) {
    this.host = host;
    this.port = port;
    this.bare = bare;
  }

  public static void main(String[] args) throws Exception {
    String[] target = arg(args, "--url", "127.0.0.1:8080").split(":");
    boolean bare = "bare".equals(arg(args, "--target", "linehub"));
    int connections = Integer.parseInt(arg(args, "--connections", "10000"));
    int groupSize = Integer.parseInt(arg(args, "--group-size", "10"));
    int seconds = Integer.parseInt(arg(args, "--seconds", "20"));
    String pid = arg(args, "--server-pid", "");
    ChatLoad load = new ChatLoad(target[0], Integer.parseInt(target[1]), bare);
    List<Long> dialogs = bare ? bareGroups(connections, groupSize)
        : load.linehubGroups(Path.of(arg(args, "--data-dir", "")), connections, groupSize);
    long heapBefore = pid.isEmpty() ? 0 : heapAfterGc(pid);
    long started = System.nanoTime();
    load.connectAll(dialogs, groupSize, bare ? null : Path.of(arg(args, "--data-dir", "")));
    System.out.printf(Locale.ROOT, "connected %d in %.1f s%n", load.sockets.size(),
        (System.nanoTime() - started) / 1e9);
    if (!pid.isEmpty()) {
      Thread.sleep(3000);
      long heapIdle = heapAfterGc(pid);
      System.out.printf(Locale.ROOT, "RESULT idle_heap_per_connection_kb=%.1f (server heap after GC %d -> %d KiB)%n",
          (heapIdle - heapBefore) / (double) connections, heapBefore, heapIdle);
    }
    for (String rate : arg(args, "--rates", "1000,2000").split(",")) {
      load.run(Integer.parseInt(rate), seconds, groupSize);
    }
    load.vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    System.exit(0);
  }

  /** One group dialog per G connections, created by a minted admin token; user ids from 1,000,000. */
  private List<Long> linehubGroups(Path dataDir, int connections, int groupSize) throws Exception {
    JWTAuth jwt = jwt(dataDir);
    String admin = token(jwt, 1, "admin");
    WebClient web = WebClient.create(vertx);
    List<Long> dialogs = new ArrayList<>();
    for (int g = 0; g * groupSize < connections; g++) {
      JsonArray members = new JsonArray();
      for (int m = 1; m < groupSize; m++) {
        members.add(userOf(g * groupSize + m));
      }
      JsonObject created = web.post(port, host, "/api/v1/chat/dialogs").bearerTokenAuthentication(
              token(jwt, userOf(g * groupSize), "agent"))
          .sendJsonObject(new JsonObject().put("kind", "group").put("title", "bench " + g).put("members", members))
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).bodyAsJsonObject();
      dialogs.add(created.getLong("id"));
    }
    System.out.printf(Locale.ROOT, "created %d group dialogs (admin token %s...)%n", dialogs.size(),
        admin.substring(0, 8));
    return dialogs;
  }

  private static List<Long> bareGroups(int connections, int groupSize) {
    List<Long> groups = new ArrayList<>();
    for (long g = 0; g * groupSize < connections; g++) {
      groups.add(g);
    }
    return groups;
  }

  private void connectAll(List<Long> dialogs, int groupSize, Path dataDir) throws Exception {
    JWTAuth jwt = dataDir == null ? null : jwt(dataDir);
    // Kept in a field for the whole run: Vert.x 5 closes a WebSocketClient's sockets (status 1000)
    // once the client object is garbage collected, which is what closed all 10,000 connections a
    // minute into some earlier runs.
    client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxConnections(Integer.MAX_VALUE).setConnectTimeout(60_000));
    int total = dialogs.size() * groupSize;
    lastSeq = new long[total];
    int batch = 200;
    for (int from = 0; from < total; from += batch) {
      List<Future<?>> pending = new ArrayList<>();
      for (int i = from; i < Math.min(total, from + batch); i++) {
        long dialog = dialogs.get(i / groupSize);
        String uri = bare ? "/ws?group=" + dialog : "/ws?access_token=" + token(jwt, userOf(i), "agent");
        ClientWebSocket ws = client.webSocket();
        int index = i;
        ws.textMessageHandler(text -> onFrame(index, text));
        ws.closeHandler(v -> {
          if (closed.incrementAndGet() == 1) {
            System.out.printf(Locale.ROOT, "first close: status %s, reason %s, at %s%n", ws.closeStatusCode(),
                ws.closeReason(), java.time.Instant.now());
          }
        });
        sockets.add(ws);
        groupOf.add(dialog);
        pending.add(ws.connect(new WebSocketConnectOptions().setHost(host).setPort(port).setURI(uri)));
      }
      Future.all(pending).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }
  }

  private void onFrame(int connection, String text) {
    if (text.contains("\"type\":\"message\"")) {
      int s = text.indexOf("\"seq\":") + 6;
      int e = s;
      while (e < text.length() && Character.isDigit(text.charAt(e))) {
        e++;
      }
      long seq = Long.parseLong(text.substring(s, e));
      synchronized (this) {
        if (seq != lastSeq[connection] + 1) {
          outOfOrder.incrementAndGet();
        }
        lastSeq[connection] = seq;
      }
      int at = text.indexOf("t=");
      if (at >= 0) {
        int end = at + 2;
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
          end++;
        }
        latency.record(System.nanoTime() - Long.parseLong(text.substring(at + 2, end)));
        delivered.incrementAndGet();
      }
    } else if (text.contains("\"type\":\"ack\"")) {
      acked.incrementAndGet();
    } else if (text.contains("\"type\":\"error\"")) {
      errors.incrementAndGet();
    }
  }

  /** Sends {@code rate} messages a second for {@code seconds}, round-robin over the connections. */
  private void run(int rate, int seconds, int groupSize) throws Exception {
    latency.reset();
    delivered.set(0);
    outOfOrder.set(0);
    acked.set(0);
    errors.set(0);
    long start = System.nanoTime();
    long[] sent = {0};
    int[] next = {0};
    long timer = vertx.setPeriodic(5, id -> {
      long due = (long) ((System.nanoTime() - start) / 1e9 * rate) - sent[0];
      for (long i = 0; i < due; i++) {
        ClientWebSocket ws = sockets.get(next[0]);
        long dialog = groupOf.get(next[0]);
        next[0] = (next[0] + 1) % sockets.size();
        sent[0]++;
        if (!ws.isClosed() && !ws.writeQueueFull()) {
          ws.writeTextMessage("{\"v\":1,\"type\":\"send\",\"id\":\"" + sent[0] + "\",\"dialogId\":" + dialog
              + ",\"clientId\":\"" + start + "-" + sent[0] + "\",\"text\":\"t=" + System.nanoTime() + "\"}");
        }
      }
    });
    Thread.sleep(seconds * 1000L);
    vertx.cancelTimer(timer);
    long sentTotal = sent[0];
    Thread.sleep(Long.getLong("tail.ms", 3000)); // the last messages land
    double window = seconds;
    long behind = 0;
    long missing = 0;
    synchronized (this) {
      java.util.Map<Long, Long> top = new java.util.HashMap<>();
      for (int i = 0; i < lastSeq.length; i++) {
        top.merge(groupOf.get(i), lastSeq[i], Math::max);
      }
      for (int i = 0; i < lastSeq.length; i++) {
        long gap = top.get(groupOf.get(i)) - lastSeq[i];
        if (gap > 0) {
          behind++;
          missing += gap;
        }
      }
    }
    if (behind > 0) {
      System.out.printf(Locale.ROOT, "WARNING %d connections are %d messages behind their group's newest%n",
          behind, missing);
    }
    System.out.printf(Locale.ROOT,
        "RESULT rate=%d sent=%d acked=%d (%.0f/s) delivered=%d (%.0f/s, expected %d) gaps_or_dups=%d errors=%d closed=%d"
            + " latency_p50_ms=%.2f p99_ms=%.2f max_ms=%.1f%n",
        rate, sentTotal, acked.get(), acked.get() / window, delivered.get(), delivered.get() / window,
        sentTotal * groupSize, outOfOrder.get(), errors.get(), closed.get(), latency.percentileMs(50), latency.percentileMs(99),
        latency.percentileMs(100));
  }

  private static long userOf(int connection) {
    return 1_000_000L + connection;
  }

  private JWTAuth jwt(Path dataDir) {
    return io.linehub.server.auth.SigningKeys.jwt(vertx, dataDir);
  }

  private static String token(JWTAuth jwt, long userId, String role) {
    return jwt.generateToken(new JsonObject().put("login", "bench-" + userId).put("role", role),
        new JWTOptions().setAlgorithm("HS256").setSubject(Long.toString(userId)).setExpiresInSeconds(86_400));
  }

  /** The server's used heap after a full GC, in KiB (jcmd). */
  private static long heapAfterGc(String pid) throws Exception {
    run("jcmd", pid, "GC.run");
    String info = run("jcmd", pid, "GC.heap_info");
    var m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor(60, TimeUnit.SECONDS);
    return out;
  }

  private static String arg(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }

  /** A thread-safe wrapper of the bench's log-linear histogram. */
  private static final class Histogram {
    private io.linehub.bench.LatencyHistogram inner = new io.linehub.bench.LatencyHistogram();

    synchronized void record(long nanos) {
      inner.record(nanos);
    }

    synchronized void reset() {
      inner = new io.linehub.bench.LatencyHistogram();
    }

    synchronized double percentileMs(double p) {
      return inner.percentileMs(p);
    }
  }
}
