package io.linehub.sip;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.vertx.core.Vertx;
import java.lang.reflect.Field;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Threads for an event loop of our own that Vert.x's blocked-thread checker watches like its own
 * loops: a task that holds the loop past {@code maxEventLoopExecuteTime} (2 s by default) logs
 * Vert.x's "Thread ... has been blocked" warning with the thread's stack.
 *
 * <p>Vert.x registers a thread with its checker only when its own event-loop thread factory made
 * it, and offers no public way to register one made elsewhere; so the factory is taken from the
 * Vert.x instance. Its threads also take Vert.x's fast path when a context's task begins (a field
 * of the thread instead of a thread-local). Should a later Vert.x not have that factory, the loop
 * runs on a plain thread, unwatched, and says so once in the log.
 */
final class LoopThreads {

  private static final Logger LOG = LoggerFactory.getLogger(LoopThreads.class);

  private LoopThreads() {
  }

  /** Daemon threads named {@code name-0}, {@code name-1}, ..., watched when Vert.x allows it. */
  static ThreadFactory watched(Vertx vertx, String name) {
    ThreadFactory vertxLoops = vertxLoopFactory(vertx);
    if (vertxLoops == null) {
      LOG.info("Vert.x's blocked-thread checker will not watch {}: its event-loop thread factory is not reachable",
          name);
      return new DefaultThreadFactory(name, true);
    }
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = vertxLoops.newThread(task);
      thread.setName(name + "-" + count.getAndIncrement());
      // it never keeps the JVM up
      thread.setDaemon(true);
      return thread;
    };
  }

  private static ThreadFactory vertxLoopFactory(Vertx vertx) {
    try {
      Field field = vertx.getClass().getDeclaredField("eventLoopThreadFactory");
      field.setAccessible(true);
      return field.get(vertx) instanceof ThreadFactory factory ? factory : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
