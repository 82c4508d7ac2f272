package io.linehub.server.lines;

/**
 * A queue member. {@code tier} is the priority (penalty): tier 0 before tier 1, and a higher
 * tier is tried only when no member of a lower tier is available. A line's member list order is
 * the fixed order the {@code strictly} strategy follows.
 */
public record Member(long userId, int tier) {

  public Member {
    if (tier < 0) {
      throw new IllegalArgumentException("tier must be >= 0");
    }
  }
}
