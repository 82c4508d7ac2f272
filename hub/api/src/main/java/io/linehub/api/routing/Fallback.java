package io.linehub.api.routing;

/**
 * A fallback with its argument.
 *
 * @param target the line id for {@link FallbackAction#LINE}, the E.164 number for {@link FallbackAction#FORWARD}
 * @param message greeting or auto-reply text, may be null
 */
public record Fallback(FallbackAction action, String target, String message) {

  public static final Fallback KEEP_WAITING = new Fallback(FallbackAction.KEEP_WAITING, null, null);

  public Fallback {
    if (action == null) {
      throw new IllegalArgumentException("fallback action is required");
    }
  }
}
