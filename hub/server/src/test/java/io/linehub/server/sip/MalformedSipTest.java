package io.linehub.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.server.RunningHub;
import io.linehub.testkit.BlockedThreadCounter;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input on the SIP port: garbage, truncated and oversized messages, unknown methods and
 * requests for dialogs that do not exist get a 4xx/5xx or are dropped, and the hub goes on answering
 * (an OPTIONS after each gets its 200).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MalformedSipTest {

  @TempDir
  static Path dataDir;
  private static RunningHub hub;

  @BeforeAll
  static void start() {
    hub = RunningHub.start(dataDir, Map.of("LINEHUB_SIP_KEEPALIVE_SECONDS", "3600"));
  }

  @AfterAll
  static void stop() {
    hub.close();
    assertThat(BlockedThreadCounter.reports()).as("event-loop blocked warnings").isEmpty();
  }

  @Test
  void garbageShouldBeDroppedAndTheHubGoOnAnswering() throws Exception {
    try (DatagramSocket socket = udp()) {
      byte[] noise = new byte[1200];
      new Random(7).nextBytes(noise);
      send(socket, noise);
      send(socket, "\r\n\r\nHELLO THERE\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      send(socket, "SIP/2.0 200 OK\r\nVia: nonsense\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(optionsOverUdp(socket)).isEqualTo("SIP/2.0 200 OK");
    }
  }

  @Test
  void requestsTheStackFailsOnShouldBeDroppedCountedAndLoggedOnce() throws Exception {
    var log = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
    var logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.linehub.sip.InlineUdpProcessor");
    log.start();
    logger.addAppender(log);
    try (DatagramSocket socket = udp()) {
      double before = dropped("failed");
      // An INVITE without CSeq, From, To or Call-ID: JAIN-SIP 1.3.0-91 throws on it while parsing.
      byte[] junk = ("INVITE sip:100@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:" + socket.getLocalPort()
          + ";branch=z9hG4bK-junk\r\nMax-Forwards: 70\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 50; i++) {
        send(socket, junk);
      }
      assertThat(optionsOverUdp(socket)).isEqualTo("SIP/2.0 200 OK");
      assertThat(dropped("failed") - before).isEqualTo(50.0);
    } finally {
      logger.detachAppender(log);
    }
    // At most one line a minute, however many: a flood must not write a line each.
    assertThat(log.list).hasSizeLessThanOrEqualTo(1);
  }

  @Test
  void scannersShouldBeRefusedWithoutLeavingTransactionsBehind() throws Exception {
    double before = serverTransactions();
    try (DatagramSocket socket = udp()) {
      // What SIP scanners send all day: OPTIONS and INVITEs from an address that is no trunk and no
      // phone, and REGISTERs for extensions that are not there.
      for (int i = 0; i < 100; i++) {
        send(socket, outOfDialog("OPTIONS", "scan-options-" + i, "100", socket.getLocalPort()));
        assertThat(receive(socket)).as("OPTIONS " + i).isEqualTo("SIP/2.0 200 OK");
        send(socket, outOfDialog("INVITE", "scan-invite-" + i, "100", socket.getLocalPort()));
        assertThat(receive(socket)).as("INVITE " + i).isEqualTo("SIP/2.0 403 Forbidden");
        send(socket, outOfDialog("REGISTER", "scan-register-" + i, "9" + i, socket.getLocalPort()));
        assertThat(receive(socket)).as("REGISTER " + i).isEqualTo("SIP/2.0 401 Unauthorized");
      }
    }
    // Answered statelessly: nothing is kept for Timer H/J (32 s) after the answer.
    assertThat(serverTransactions() - before).isLessThan(10);
  }

  @Test
  void aRefusalOverTcpShouldComeBackOnTheCallersConnection() throws Exception {
    try (Socket tcp = new Socket(InetAddress.getLoopbackAddress(), hub.hub.sipPort())) {
      tcp.setSoTimeout(3_000);
      // A phone's Via names the port it listens on, not the connection's own (RFC 3261 §18.2.2 sends the
      // answer back on the connection); nothing listens on 9 here.
      for (String method : new String[] {"REGISTER", "INVITE"}) {
        String text = new String(outOfDialog(method, "tcp-" + method, "77", 9), StandardCharsets.US_ASCII)
            .replace("SIP/2.0/UDP", "SIP/2.0/TCP");
        tcp.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        tcp.getOutputStream().flush();
        byte[] buffer = new byte[4096];
        int read = tcp.getInputStream().read(buffer);
        String answer = read <= 0 ? "" : new String(buffer, 0, read, StandardCharsets.US_ASCII);
        assertThat(answer).as(method).startsWith(method.equals("REGISTER") ? "SIP/2.0 401" : "SIP/2.0 403")
            .contains("tcp-" + method);
      }
    }
  }

  @Test
  void aTcpMessageStalledHalfwayShouldLoseItsConnectionAndAnIdleOneShouldNot() throws Exception {
    try (Socket idle = new Socket(InetAddress.getLoopbackAddress(), hub.hub.sipPort());
        Socket stalled = new Socket(InetAddress.getLoopbackAddress(), hub.hub.sipPort())) {
      stalled.setSoTimeout(30_000);
      String options = new String(outOfDialog("OPTIONS", "tcp-stalled", "77", 9), StandardCharsets.US_ASCII)
          .replace("SIP/2.0/UDP", "SIP/2.0/TCP");
      // Half a message, then nothing: a slow-loris holding the connection's stack thread.
      stalled.getOutputStream().write(options.substring(0, options.length() / 2).getBytes(StandardCharsets.US_ASCII));
      stalled.getOutputStream().flush();
      long began = System.nanoTime();
      int read;
      try {
        read = stalled.getInputStream().read();
      } catch (java.net.SocketException reset) {
        read = -1;
      }
      assertThat(read).as("the stalled connection is closed").isEqualTo(-1);
      assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(25));
      // The connection that sent nothing in the meantime is a phone between messages: still served.
      idle.setSoTimeout(3_000);
      String fresh = new String(outOfDialog("OPTIONS", "tcp-idle", "77", 9), StandardCharsets.US_ASCII)
          .replace("SIP/2.0/UDP", "SIP/2.0/TCP");
      idle.getOutputStream().write(fresh.getBytes(StandardCharsets.US_ASCII));
      idle.getOutputStream().flush();
      byte[] buffer = new byte[4096];
      int got = idle.getInputStream().read(buffer);
      assertThat(got > 0 ? new String(buffer, 0, got, StandardCharsets.US_ASCII) : "").startsWith("SIP/2.0 200");
    }
  }

  /** A request that starts something (no To tag) from {@code extension}, to it for a REGISTER. */
  private static byte[] outOfDialog(String method, String callId, String extension, int localPort) {
    String text = method + " sip:" + (method.equals("REGISTER") ? "" : "74950000000@") + "127.0.0.1:"
        + hub.hub.sipPort() + " SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:" + localPort + ";branch=z9hG4bK-" + callId + "\r\n"
        + "From: <sip:" + extension + "@127.0.0.1>;tag=t-" + callId + "\r\n"
        + "To: <sip:" + extension + "@127.0.0.1>\r\n"
        + "Call-ID: " + callId + "\r\nCSeq: 1 " + method + "\r\nMax-Forwards: 70\r\n"
        + "Contact: <sip:" + extension + "@127.0.0.1:" + localPort + ">\r\nExpires: 60\r\nContent-Length: 0\r\n\r\n";
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** {@code linehub_sip_transactions_live{side="server"}} on /metrics. */
  private static double serverTransactions() {
    return metric("linehub_sip_transactions_live", "side=\"server\"");
  }

  /** The value of {@code name} with the label {@code label} on /metrics. */
  private static double metric(String name, String label) {
    return hub.get("/metrics", null).bodyAsString().lines()
        .filter(line -> line.startsWith(name + "{") && line.contains(label))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .findFirst().orElseThrow(() -> new AssertionError("no " + name + " with " + label));
  }

  @Test
  void truncatedRequestsShouldGetNothingOrA400() throws Exception {
    try (DatagramSocket socket = udp()) {
      // Cut after the request line and one header: no Call-ID, CSeq, From, To.
      send(socket, ("INVITE sip:100@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:" + socket.getLocalPort()
          + ";branch=z9hG4bK-cut\r\n").getBytes(StandardCharsets.US_ASCII));
      String first = receive(socket);
      assertThat(first == null || first.startsWith("SIP/2.0 400")).as("got " + first).isTrue();
      // Content-Length promises more body than the datagram carries (RFC 3261 §18.3: discard or 400).
      send(socket, request("INVITE", "cut-body", "Content-Type: application/sdp\r\nContent-Length: 500\r\n",
          "v=0\r\n", socket.getLocalPort()));
      String second = receive(socket);
      assertThat(second == null || second.startsWith("SIP/2.0 400")).as("got " + second).isTrue();
      assertThat(optionsOverUdp(socket)).isEqualTo("SIP/2.0 200 OK");
    }
  }

  @Test
  void unknownMethodsShouldGet501AndUnservedOnes405() throws Exception {
    try (DatagramSocket socket = udp()) {
      send(socket, request("FROBNICATE", "m-1", "Content-Length: 0\r\n", "", socket.getLocalPort()));
      String unknown = receiveFull(socket);
      assertThat(unknown).startsWith("SIP/2.0 501").contains("Allow:");
      send(socket, request("SUBSCRIBE", "m-2", "Event: presence\r\nContent-Length: 0\r\n", "",
          socket.getLocalPort()));
      assertThat(receiveFull(socket)).startsWith("SIP/2.0 405");
    }
  }

  @Test
  void requestsForDialogsThatDoNotExistShouldGet481() throws Exception {
    try (DatagramSocket socket = udp()) {
      for (String method : new String[] {"BYE", "INFO", "REFER", "UPDATE"}) {
        send(socket, request(method, "no-such-call-" + method, "Content-Length: 0\r\n", "", socket.getLocalPort()));
        assertThat(receiveFull(socket)).as(method).startsWith("SIP/2.0 481");
      }
    }
  }

  @Test
  void anOversizedMessageOverTcpShouldBeRefusedWithoutHarm() throws Exception {
    int port = hub.hub.sipPort();
    String body = "x".repeat(200_000);
    try (Socket tcp = new Socket(InetAddress.getLoopbackAddress(), port)) {
      tcp.setSoTimeout(3_000);
      OutputStream out = tcp.getOutputStream();
      try {
        out.write(request("MESSAGE", "big-1", "Content-Type: text/plain\r\nContent-Length: " + body.length() + "\r\n",
            body, tcp.getLocalPort()).clone());
        out.flush();
        // Either refused with a response or the connection is closed; reading must not hang the hub.
        InputStream in = tcp.getInputStream();
        byte[] buffer = new byte[512];
        int read = in.read(buffer);
        String answer = read <= 0 ? "" : new String(buffer, 0, read, StandardCharsets.US_ASCII);
        assertThat(answer.isEmpty() || answer.startsWith("SIP/2.0 4") || answer.startsWith("SIP/2.0 5"))
            .as("got " + answer).isTrue();
      } catch (java.io.IOException closed) {
        // the stack closed the connection on the oversized message: refused
      }
    }
    try (DatagramSocket socket = udp()) {
      assertThat(optionsOverUdp(socket)).isEqualTo("SIP/2.0 200 OK");
    }
  }

  @Test
  void aLargeDatagramShouldBeTakenAndOneOverTheLimitDroppedWithoutHarm() throws Exception {
    try (DatagramSocket socket = udp()) {
      // 12 KiB of headers (a big INVITE with video, ICE candidates...): within the 16 KiB read.
      String padding = "X-Padding: " + "p".repeat(1_000) + "\r\n";
      send(socket, request("OPTIONS", "large-1", padding.repeat(12) + "Content-Length: 0\r\n", "",
          socket.getLocalPort()));
      assertThat(receive(socket)).isEqualTo("SIP/2.0 200 OK");
      // 20 KiB, and the largest datagram there is: over the 16 KiB limit, dropped whole and counted.
      double before = dropped("oversized");
      for (int size : new int[] {20_000, 65_000}) {
        String body = "b".repeat(size);
        send(socket, request("OPTIONS", "huge-" + size, "Content-Type: text/plain\r\nContent-Length: "
            + body.length() + "\r\n", body, socket.getLocalPort()));
        assertThat(receive(socket)).as("answer to " + size + " bytes").isNull();
      }
      assertThat(dropped("oversized") - before).isEqualTo(2.0);
      assertThat(optionsOverUdp(socket)).isEqualTo("SIP/2.0 200 OK");
    }
  }

  /** {@code linehub_sip_datagrams_dropped_total} for one reason, on /metrics. */
  private static double dropped(String reason) {
    return metric("linehub_sip_datagrams_dropped_total", "reason=\"" + reason + "\"");
  }

  private static DatagramSocket udp() throws Exception {
    DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    socket.setSoTimeout(2_000);
    return socket;
  }

  private static void send(DatagramSocket socket, byte[] data) throws Exception {
    socket.send(new DatagramPacket(data, data.length, InetAddress.getLoopbackAddress(), hub.hub.sipPort()));
  }

  /** The first line of the next datagram, or null when none arrives in 2 s. */
  private static String receive(DatagramSocket socket) throws Exception {
    String message = receiveFull(socket);
    return message == null ? null : message.lines().findFirst().orElse("");
  }

  private static String receiveFull(DatagramSocket socket) throws Exception {
    byte[] buffer = new byte[65_536];
    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
    try {
      socket.receive(packet);
      return new String(buffer, 0, packet.getLength(), StandardCharsets.US_ASCII);
    } catch (SocketTimeoutException none) {
      return null;
    }
  }

  /** Sends an OPTIONS and returns the status line of its answer, skipping stray datagrams. */
  private static String optionsOverUdp(DatagramSocket socket) throws Exception {
    String callId = "alive-" + System.nanoTime();
    send(socket, request("OPTIONS", callId, "Content-Length: 0\r\n", "", socket.getLocalPort()));
    for (int i = 0; i < 5; i++) {
      String message = receiveFull(socket);
      if (message == null) {
        return null;
      }
      if (message.contains(callId)) {
        return message.lines().findFirst().orElse("");
      }
    }
    return null;
  }

  private static byte[] request(String method, String callId, String headers, String body, int localPort) {
    var out = new ByteArrayOutputStream();
    String text = method + " sip:linehub@127.0.0.1:" + hub.hub.sipPort() + " SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:" + localPort + ";branch=z9hG4bK-" + callId + "\r\n"
        + "From: <sip:tester@127.0.0.1>;tag=t-" + callId + "\r\n"
        + "To: <sip:linehub@127.0.0.1>" + (method.equals("OPTIONS") || method.equals("FROBNICATE")
            || method.equals("SUBSCRIBE") || method.equals("MESSAGE") ? "" : ";tag=no-such-tag") + "\r\n"
        + "Call-ID: " + callId + "\r\n"
        + "CSeq: 1 " + method + "\r\n"
        + "Max-Forwards: 70\r\n"
        + headers + "\r\n" + body;
    out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }
}
