package io.linehub.server.http;

import io.linehub.api.error.ErrorCode;
import io.linehub.api.error.LinehubException;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one failure handler of the HTTP router: every error leaves as
 * {@code {"error": CODE, "message": "..."}} with the code's status. Unexpected failures are logged
 * once here with their stack trace; the client gets only "internal error".
 */
public final class FailureHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);

  @Override
  public void handle(RoutingContext ctx) {
    LinehubException error = classify(ctx);
    if (error.code() == ErrorCode.INTERNAL) {
      LOG.error("Request failed [method: {}, path: {}]", ctx.request().method(), ctx.normalizedPath(), ctx.failure());
    }
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    ctx.response()
        .setStatusCode(error.code().httpStatus())
        .putHeader("content-type", "application/json; charset=utf-8")
        .end(new JsonObject().put("error", error.code().name()).put("message", error.getMessage()).encode());
  }

  private static LinehubException classify(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure != null && !(failure instanceof HttpException)) {
      return LinehubException.from(failure);
    }
    // vert.x-web's own failures (401 from the JWT handler, 413 from the body limit, 404/405 routing)
    int status = failure != null ? ((HttpException) failure).getStatusCode() : ctx.statusCode();
    ErrorCode code = status > 0 ? ErrorCode.fromHttpStatus(status) : ErrorCode.INTERNAL;
    return new LinehubException(code, message(code));
  }

  static String message(ErrorCode code) {
    return switch (code) {
      case UNAUTHORIZED -> "missing or invalid bearer token";
      case FORBIDDEN -> "forbidden";
      case NOT_FOUND -> "no such resource";
      case METHOD_NOT_ALLOWED -> "method not allowed on this resource";
      case PAYLOAD_TOO_LARGE -> "request body too large";
      case UNSUPPORTED_MEDIA_TYPE -> "unsupported content type";
      case BAD_REQUEST -> "bad request";
      default -> "internal error";
    };
  }
}
