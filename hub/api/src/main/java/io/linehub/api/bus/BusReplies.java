package io.linehub.api.bus;

import io.linehub.api.error.LinehubException;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one way a module answers a request on the event bus. */
public final class BusReplies {

  private static final Logger LOG = LoggerFactory.getLogger(BusReplies.class);

  private BusReplies() {
  }

  /**
   * Replies with the result once {@code result} completes, or with its failure as a coded reply
   * failure ({@link LinehubException#toReply()}); a failure that is not a {@link LinehubException}
   * is a bug and is logged with the address.
   */
  public static <T> void reply(Message<?> message, Future<T> result) {
    result.onComplete(ar -> {
      if (ar.succeeded()) {
        message.reply(ar.result());
      } else {
        if (!(ar.cause() instanceof LinehubException)) {
          LOG.error("Request on {} failed", message.address(), ar.cause());
        }
        message.reply(LinehubException.from(ar.cause()).toReply());
      }
    });
  }
}
