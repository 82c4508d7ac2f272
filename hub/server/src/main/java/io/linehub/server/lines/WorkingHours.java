package io.linehub.server.lines;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A line's opening hours in its own time zone: a weekly schedule of ranges per day and holidays
 * (whole local dates closed). An empty week means open around the clock.
 */
public record WorkingHours(ZoneId zone, Map<DayOfWeek, List<Range>> week, Set<LocalDate> holidays) {

  public static final WorkingHours ALWAYS = new WorkingHours(ZoneOffset.UTC, Map.of(), Set.of());

  public WorkingHours {
    week = Map.copyOf(week);
    holidays = Set.copyOf(holidays);
  }

  /** {@code [start, end)} local times; {@code end} not after start means the range runs past midnight. */
  public record Range(LocalTime start, LocalTime end) {
  }

  /** Open or closed at {@code now}, and until when (null when it never changes). */
  public record Status(boolean open, Instant until) {
  }

  public Status status(Instant now) {
    if (week.isEmpty() && holidays.isEmpty()) {
      return new Status(true, null);
    }
    throw new UnsupportedOperationException("implemented in the lines branch");
  }
}
