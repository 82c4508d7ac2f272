package io.linehub.server.lines;

/** Event-bus addresses of lines. */
public final class LineAddresses {

  /**
   * Event, published after every successful write of a line (create, replace, members, delete):
   * body the line id as a {@code String}. Listeners reread the line from the {@link LineStore};
   * when it is gone, the line was deleted. Published by the node that wrote, so with a clustered
   * bus every node's routing reloads without a restart.
   */
  public static final String CHANGED = "hub.lines.changed";

  private LineAddresses() {
  }
}
