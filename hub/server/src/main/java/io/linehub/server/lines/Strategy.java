package io.linehub.server.lines;

/** How a line picks among its available members (within the best tier that has anyone available). */
public enum Strategy {
  /** Offer to every available member at once; the first to accept wins (ringall). */
  ALL,
  /** The member offered or assigned least recently first. */
  EVENLY,
  /** Members in their fixed order, skipping those already tried for this customer (linear). */
  STRICTLY,
  /** The member idle longest since their last conversation ended. */
  LONGEST_IDLE,
  /** The member with the fewest active conversations; ties go to the longest idle. */
  LEAST_BUSY
}
