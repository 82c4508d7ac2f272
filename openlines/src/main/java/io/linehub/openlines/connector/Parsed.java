package io.linehub.openlines.connector;

import java.util.List;

/** A parsed webhook: its events (possibly none), and the answer the provider expects after they are stored. */
public record Parsed(List<InboundEvent> events, HookAnswer answer) {

  public Parsed {
    events = List.copyOf(events);
  }
}
