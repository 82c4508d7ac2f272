package io.linehub.server.sip;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real sipp (Debian package sip-tester, installed by the test command) on a scenario kept in
 * {@code src/test/resources/sipp}. sipp's exit code is 0 when every call of the scenario went as
 * written, 1 when one failed.
 */
final class Sipp {

  record Result(int exitCode, String output) {
  }

  private Sipp() {
  }

  /** Starts sipp on {@code scenario} against {@code 127.0.0.1:port}; the future completes when it exits. */
  static CompletableFuture<Result> run(String scenario, int port, String... options) throws IOException {
    Path file = Path.of("src/test/resources/sipp", scenario).toAbsolutePath();
    if (!Files.exists(file)) {
      throw new IOException("no scenario " + file);
    }
    List<String> command = new ArrayList<>(List.of("sipp", "-sf", file.toString(), "-m", "1", "-nostdin",
        "-i", "127.0.0.1", "-timeout", "20s", "-timeout_error", "-recv_timeout", "10000"));
    if (!List.of(options).contains("-p")) {
      command.addAll(List.of("-p", Integer.toString(freeUdpPort())));
    }
    command.addAll(List.of(options));
    command.add("127.0.0.1:" + port);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    return CompletableFuture.supplyAsync(() -> {
      try {
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          return new Result(-1, output + "\n(sipp killed after 60 s)");
        }
        return new Result(process.exitValue(), output);
      } catch (IOException | InterruptedException e) {
        process.destroyForcibly();
        return new Result(-1, e.toString());
      }
    });
  }

  static int freeUdpPort() throws IOException {
    try (DatagramSocket socket = new DatagramSocket(0)) {
      int port = socket.getLocalPort();
      // Free for TCP as a phone binds it: without SO_REUSEADDR (Java's ServerSocket sets it), so a
      // port still held by a closed connection in TIME_WAIT counts as taken (baresip failed on one).
      try (ServerSocket tcp = new ServerSocket()) {
        tcp.setReuseAddress(false);
        tcp.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return port;
      } catch (IOException tcpTaken) {
        return freeUdpPort();
      }
    }
  }
}
