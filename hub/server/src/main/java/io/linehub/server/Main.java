package io.linehub.server;

import io.linehub.server.config.ConfigException;
import io.linehub.server.config.ConfigKey;
import io.linehub.server.config.ConfigLoader;
import io.linehub.server.config.LinehubConfig;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar linehub.jar [--config linehub.yaml]}. Exit codes: 2 for bad configuration or
 * arguments, 1 when startup fails, 0 after a clean shutdown on SIGTERM/SIGINT.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    LinehubConfig config;
    try {
      config = ConfigLoader.load(configFile(args), System.getenv());
    } catch (ConfigException e) {
      System.err.println("linehub: " + e.getMessage());
      System.exit(2);
      return;
    }
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.toLevel(config.logLevel()));
    var started = new CountDownLatch(1);
    var hubRef = new AtomicReference<Hub>();
    var failure = new AtomicReference<Throwable>();
    Hub.start(config).onComplete(ar -> {
      if (ar.succeeded()) {
        hubRef.set(ar.result());
      } else {
        failure.set(ar.cause());
      }
      started.countDown();
    });
    awaitUninterruptibly(started, Long.MAX_VALUE);
    if (failure.get() != null) {
      LOG.error("Linehub could not start", failure.get());
      System.err.println("linehub: startup failed: " + failure.get().getMessage());
      System.exit(1);
      return;
    }
    Hub hub = hubRef.get();
    hub.generatedAdminPassword().ifPresent(password -> System.out.println(
        "\n  Linehub created the user 'admin' with the generated password: " + password
            + "\n  It is shown only this once; change it with PATCH /api/v1/users/{id} or set "
            + ConfigKey.ADMIN_PASSWORD.env() + " before the first start.\n"));
    LOG.info("Linehub is up: http://localhost:{}/health", hub.httpPort());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(hub, config), "linehub-shutdown"));
  }

  private static void stop(Hub hub, LinehubConfig config) {
    LOG.info("Shutting down");
    var stopped = new CountDownLatch(1);
    hub.stop().onComplete(ar -> stopped.countDown());
    // The PostgreSQL stop inside needs a few seconds beyond the HTTP drain.
    if (!awaitUninterruptibly(stopped, config.shutdownTimeout().toMillis() + 15_000)) {
      LOG.warn("Shutdown did not finish in time");
    }
  }

  private static boolean awaitUninterruptibly(CountDownLatch latch, long millis) {
    try {
      return latch.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static Path configFile(String[] args) {
    if (args.length == 0) {
      return null;
    }
    if (args.length == 2 && "--config".equals(args[0])) {
      return Path.of(args[1]);
    }
    if (args.length == 1 && args[0].startsWith("--config=")) {
      return Path.of(args[0].substring("--config=".length()));
    }
    throw new ConfigException("usage: java -jar linehub.jar [--config FILE]");
  }
}
