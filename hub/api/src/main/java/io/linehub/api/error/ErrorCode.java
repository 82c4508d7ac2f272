package io.linehub.api.error;

/**
 * The stable error codes of Linehub. One code carries the same meaning on REST (HTTP status),
 * on the event bus (failure code of a {@code ReplyException}) and in WebSocket error frames.
 */
public enum ErrorCode {
  BAD_REQUEST(400),
  UNAUTHORIZED(401),
  FORBIDDEN(403),
  NOT_FOUND(404),
  METHOD_NOT_ALLOWED(405),
  CONFLICT(409),
  PAYLOAD_TOO_LARGE(413),
  UNSUPPORTED_MEDIA_TYPE(415),
  RATE_LIMITED(429),
  INTERNAL(500),
  UNAVAILABLE(503);

  private final int httpStatus;

  ErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** Event-bus failure codes reuse the HTTP status so a reply failure maps back without a table. */
  public int busFailureCode() {
    return httpStatus;
  }

  public static ErrorCode fromHttpStatus(int status) {
    for (ErrorCode code : values()) {
      if (code.httpStatus == status) {
        return code;
      }
    }
    return status >= 400 && status < 500 ? BAD_REQUEST : INTERNAL;
  }
}
