package io.linehub.server.lines;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A line's opening hours in its own time zone: a weekly schedule of ranges per day and holidays
 * (whole local dates closed). An empty week means open around the clock (holidays still close);
 * in a non-empty week a day that is missing or has no ranges is closed.
 *
 * <p>Ranges belong to the day they start on: {@code 22:00-06:00} on Friday runs into Saturday
 * morning. A holiday closes its whole local date, so such a range ending on a holiday stops at
 * midnight. Local times become instants with {@link java.time.ZonedDateTime} rules: a time in a
 * spring-forward gap moves forward by the gap, one in a fall-back overlap takes the earlier offset.
 */
public record WorkingHours(ZoneId zone, Map<DayOfWeek, List<Range>> week, Set<LocalDate> holidays) {

  /** The zone lines use when none is given; {@code UTC}, not the offset {@code Z}, so the wire says "UTC". */
  public static final ZoneId UTC = ZoneId.of("UTC");
  public static final WorkingHours ALWAYS = new WorkingHours(UTC, Map.of(), Set.of());
  /** How far ahead {@link #status} looks for the next change; beyond it the status counts as never changing. */
  static final int HORIZON_DAYS = 400;
  private static final Range WHOLE_DAY = new Range(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);

  public WorkingHours {
    Objects.requireNonNull(zone, "zone");
    week = Map.copyOf(week);
    holidays = Set.copyOf(holidays);
  }

  /** {@code [start, end)} local times; {@code end} not after start means the range runs past midnight. */
  public record Range(LocalTime start, LocalTime end) {

    public Range {
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(end, "end");
    }
  }

  /** Open or closed at {@code now}, and until when (null when it never changes). */
  public record Status(boolean open, Instant until) {
  }

  public Status status(Instant now) {
    if (week.isEmpty() && holidays.isEmpty()) {
      return new Status(true, null);
    }
    if (!week.isEmpty() && week.values().stream().allMatch(List::isEmpty)) {
      return new Status(false, null);
    }
    LocalDate today = LocalDate.ofInstant(now, zone);
    LocalDate last = today.plusDays(HORIZON_DAYS);
    Instant end = null;
    // a range of yesterday may still run (22:00-06:00); one of today may have started
    for (LocalDate day = today.minusDays(1); !day.isAfter(today); day = day.plusDays(1)) {
      for (Span span : spans(day)) {
        if (span.contains(now) && (end == null || span.end.isAfter(end))) {
          end = span.end;
        }
      }
    }
    return end == null ? new Status(false, nextOpening(now, today, last)) : new Status(true, closing(end, today, last));
  }

  /** Extends {@code end} through every span that starts before it ends (adjacent days and ranges merge). */
  private Instant closing(Instant end, LocalDate today, LocalDate last) {
    for (LocalDate day = today.minusDays(1); !day.isAfter(last); day = day.plusDays(1)) {
      if (day.atStartOfDay(zone).toInstant().isAfter(end)) {
        return end;
      }
      for (Span span : spans(day)) {
        if (!span.start.isAfter(end) && span.end.isAfter(end)) {
          end = span.end;
        }
      }
    }
    return null;
  }

  private Instant nextOpening(Instant now, LocalDate today, LocalDate last) {
    for (LocalDate day = today; !day.isAfter(last); day = day.plusDays(1)) {
      for (Span span : spans(day)) {
        if (span.start.isAfter(now)) {
          return span.start; // spans are sorted and later days start later
        }
      }
    }
    return null;
  }

  /** The open spans starting on {@code day}, as instants, sorted by start. */
  private List<Span> spans(LocalDate day) {
    if (holidays.contains(day)) {
      return List.of();
    }
    List<Range> ranges = week.isEmpty() ? List.of(WHOLE_DAY) : week.getOrDefault(day.getDayOfWeek(), List.of());
    LocalDate next = day.plusDays(1);
    List<Span> spans = new ArrayList<>(ranges.size());
    for (Range range : ranges) {
      LocalDateTime start = day.atTime(range.start());
      LocalDateTime end = range.end().isAfter(range.start()) ? day.atTime(range.end()) : next.atTime(range.end());
      if (end.toLocalDate().equals(next) && holidays.contains(next)) {
        end = next.atStartOfDay();
      }
      Instant from = start.atZone(zone).toInstant();
      Instant to = end.atZone(zone).toInstant();
      if (to.isAfter(from)) {
        spans.add(new Span(from, to));
      }
    }
    // a start moved forward by a DST gap can overtake a later range's start
    spans.sort(Comparator.comparing(Span::start));
    return spans;
  }

  private record Span(Instant start, Instant end) {

    boolean contains(Instant instant) {
      return !instant.isBefore(start) && instant.isBefore(end);
    }
  }
}
