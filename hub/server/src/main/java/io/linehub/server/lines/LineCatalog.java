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

  /** The catalog as sip-bridge sees lines: by number, by id, and an agent's line for outbound calls. */
  public io.linehub.sip.LineLookup sipLines() {
    return new io.linehub.sip.LineLookup() {
      @Override
      public Optional<io.linehub.sip.LineRef> byNumber(String e164) {
        return lineForNumber(e164).map(LineCatalog::ref);
      }

      @Override
      public Optional<io.linehub.sip.LineRef> byId(String lineId) {
        return get(lineId).map(LineCatalog::ref);
      }

      @Override
      public Optional<io.linehub.sip.LineRef> ofAgent(long agentId) {
        return lines.values().stream()
            .filter(line -> line.members().stream().anyMatch(member -> member.userId() == agentId))
            .min(java.util.Comparator.comparing(Line::id))
            .map(LineCatalog::ref);
      }
    };
  }

  private static io.linehub.sip.LineRef ref(Line line) {
    return new io.linehub.sip.LineRef(line.id(), line.responsibleUserId(), line.did());
  }

  public Optional<Line> get(String lineId) {
    return Optional.ofNullable(lines.get(lineId));
  }
}
