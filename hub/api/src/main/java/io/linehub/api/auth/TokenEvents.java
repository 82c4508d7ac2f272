package io.linehub.api.auth;

/** Event-bus addresses about the standing of users' tokens (body: the user's id, a {@code Long}). */
public final class TokenEvents {

  /**
   * Published to every node when a user's tokens changed standing (signed out, deactivated, a new
   * role or a new password): each node forgets what it kept about the user.
   */
  public static final String CHANGED = "hub.users.tokens-changed";
  /**
   * Published on one node only, after that node forgot what it kept about the user: the sockets
   * open there check their token again.
   */
  public static final String RECHECK = "hub.users.tokens-recheck";

  private TokenEvents() {
  }
}
