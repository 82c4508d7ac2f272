package io.linehub.server.lines;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lines in effect, readable from any thread without I/O (the supervisor's live model looks
 * up names, zones and service levels per event). Routing writes it as it applies line changes,
 * so it shows exactly the rules routing runs on.
 */
public final class LineCatalog {

  private final Map<String, Line> lines = new ConcurrentHashMap<>();

  public void put(Line line) {
    lines.put(line.id(), line);
  }

  public void remove(String lineId) {
    lines.remove(lineId);
  }

  /** The line whose phone number (DID) this is, for calls arriving from a trunk. */
  public Optional<Line> lineForNumber(String e164) {
    return lines.values().stream().filter(line -> e164.equals(line.did())).findFirst();
  }

  public Optional<Line> get(String lineId) {
    return Optional.ofNullable(lines.get(lineId));
  }
}
