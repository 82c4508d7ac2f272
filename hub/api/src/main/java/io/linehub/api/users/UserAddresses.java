package io.linehub.api.users;

/** Event-bus addresses of the hub's users. */
public final class UserAddresses {

  /**
   * Request: a user id ({@code Long}); reply: the person's display name ({@code String}), or null
   * for an unknown id. For modules that show staff to outsiders by name (the site chat widget shows
   * the operator's name), without reading the hub's tables.
   */
  public static final String DISPLAY_NAME = "hub.users.display-name";

  private UserAddresses() {
  }
}
