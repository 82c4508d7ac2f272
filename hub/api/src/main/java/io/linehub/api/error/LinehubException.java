package io.linehub.api.error;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * An expected failure with a stable {@link ErrorCode}. Stackless: these are control flow for
 * bad input and missing records, not bugs, and building stack traces for them costs on hot paths.
 */
public final class LinehubException extends RuntimeException {

  private final ErrorCode code;

  public LinehubException(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  public static LinehubException badRequest(String message) {
    return new LinehubException(ErrorCode.BAD_REQUEST, message);
  }

  public static LinehubException notFound(String message) {
    return new LinehubException(ErrorCode.NOT_FOUND, message);
  }

  public static LinehubException conflict(String message) {
    return new LinehubException(ErrorCode.CONFLICT, message);
  }

  public static LinehubException forbidden(String message) {
    return new LinehubException(ErrorCode.FORBIDDEN, message);
  }

  public static LinehubException unauthorized(String message) {
    return new LinehubException(ErrorCode.UNAUTHORIZED, message);
  }

  /** The event-bus form of this failure, for {@code message.fail}/{@code Promise.fail}. */
  public ReplyException toReply() {
    return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, code.busFailureCode(), getMessage());
  }

  /**
   * Maps any failure to a Linehub exception: our own pass through, event-bus reply failures keep
   * their code, a timeout or missing handler is UNAVAILABLE, anything else is INTERNAL.
   */
  public static LinehubException from(Throwable failure) {
    if (failure instanceof LinehubException e) {
      return e;
    }
    if (failure instanceof ReplyException reply) {
      if (reply.failureType() == ReplyFailure.RECIPIENT_FAILURE && reply.failureCode() >= 400) {
        return new LinehubException(ErrorCode.fromHttpStatus(reply.failureCode()), reply.getMessage());
      }
      return new LinehubException(ErrorCode.UNAVAILABLE, "service unavailable: " + reply.failureType());
    }
    return new LinehubException(ErrorCode.INTERNAL, "internal error");
  }
}
