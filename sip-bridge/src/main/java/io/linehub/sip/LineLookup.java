package io.linehub.sip;

import java.util.Optional;

/** What sip-bridge needs to know of lines; hub/server answers from routing's line catalog without I/O. */
public interface LineLookup {

  /** The line whose number (DID, E.164 with a plus) this is. */
  Optional<LineRef> byNumber(String e164);

  Optional<LineRef> byId(String lineId);

  /** The line an agent's outbound calls belong to (caller ID, CRM): the first line they are a member of. */
  Optional<LineRef> ofAgent(long agentId);
}
