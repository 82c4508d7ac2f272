package io.linehub.server.lines;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SUNDAY;
import static java.time.DayOfWeek.THURSDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.server.lines.WorkingHours.Range;
import io.linehub.server.lines.WorkingHours.Status;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class WorkingHoursTest {

  private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  @Test
  void statusShouldBeClosedUntilMondayWhenMoscowOfficeClosesOnFriday() {
    WorkingHours hours = weekdays(MOSCOW, "10:00-19:00", Set.of());

    // Friday 2026-11-20 19:00 Moscow (UTC+3) is the first closed instant
    assertThat(hours.status(at("2026-11-20T16:00:00Z"))).isEqualTo(closed("2026-11-23T07:00:00Z"));
    assertThat(hours.status(at("2026-11-20T15:59:59Z"))).isEqualTo(open("2026-11-20T16:00:00Z"));
    assertThat(hours.status(at("2026-11-21T09:00:00Z"))).isEqualTo(closed("2026-11-23T07:00:00Z"));
    assertThat(hours.status(at("2026-11-23T06:59:59.999Z"))).isEqualTo(closed("2026-11-23T07:00:00Z"));
    assertThat(hours.status(at("2026-11-23T07:00:00Z"))).isEqualTo(open("2026-11-23T16:00:00Z"));
  }

  @Test
  void statusShouldFollowLocalClockWhenNewYorkSwitchesDaylightSavingTime() {
    WorkingHours hours = weekdays(NEW_YORK, "09:00-17:00", Set.of());

    // spring forward on Sunday 2026-03-08: Friday closes at 17:00 EST, Monday opens at 09:00 EDT
    assertThat(hours.status(at("2026-03-06T22:00:00Z"))).isEqualTo(closed("2026-03-09T13:00:00Z"));
    // fall back on Sunday 2026-11-01: Friday closes at 17:00 EDT, Monday opens at 09:00 EST
    assertThat(hours.status(at("2026-10-30T21:00:00Z"))).isEqualTo(closed("2026-11-02T14:00:00Z"));
  }

  @Test
  void statusShouldNotFailWhenRangeStartsInDaylightSavingGapOrEndsInOverlap() {
    WorkingHours gap = new WorkingHours(NEW_YORK, Map.of(SUNDAY, List.of(range("02:30-04:00"))), Set.of());
    WorkingHours overlap = new WorkingHours(NEW_YORK, Map.of(SUNDAY, List.of(range("00:00-01:30"))), Set.of());

    // 02:30 does not exist on 2026-03-08; it moves forward by the gap to 03:30 EDT (07:30Z)
    assertThat(gap.status(at("2026-03-08T06:00:00Z"))).isEqualTo(closed("2026-03-08T07:30:00Z"));
    assertThat(gap.status(at("2026-03-08T07:45:00Z"))).isEqualTo(open("2026-03-08T08:00:00Z"));
    // 01:30 happens twice on 2026-11-01; the earlier offset (EDT) ends the range
    assertThat(overlap.status(at("2026-11-01T05:00:00Z"))).isEqualTo(open("2026-11-01T05:30:00Z"));
  }

  @Test
  void statusShouldRunPastMidnightWhenRangeEndsBeforeItStarts() {
    WorkingHours night = new WorkingHours(ZoneOffset.UTC, Map.of(FRIDAY, List.of(range("22:00-06:00"))), Set.of());

    assertThat(night.status(at("2026-11-20T21:00:00Z"))).isEqualTo(closed("2026-11-20T22:00:00Z"));
    assertThat(night.status(at("2026-11-20T22:00:00Z"))).isEqualTo(open("2026-11-21T06:00:00Z"));
    assertThat(night.status(at("2026-11-21T03:00:00Z"))).isEqualTo(open("2026-11-21T06:00:00Z"));
    assertThat(night.status(at("2026-11-21T06:00:00Z"))).isEqualTo(closed("2026-11-27T22:00:00Z"));
  }

  @Test
  void statusShouldSkipHolidayWhenItFallsInTheMiddleOfTheWeek() {
    WorkingHours hours = weekdays(MOSCOW, "10:00-19:00", Set.of(LocalDate.parse("2026-11-25")));

    // Tuesday evening: Wednesday is a holiday, so the next opening is Thursday 10:00 Moscow
    assertThat(hours.status(at("2026-11-24T16:00:00Z"))).isEqualTo(closed("2026-11-26T07:00:00Z"));
    assertThat(hours.status(at("2026-11-25T09:00:00Z"))).isEqualTo(closed("2026-11-26T07:00:00Z"));
  }

  @Test
  void statusShouldCloseAtMidnightWhenNightRangeRunsIntoHoliday() {
    WorkingHours nights = new WorkingHours(ZoneOffset.UTC, everyDay("22:00-06:00"), Set.of(LocalDate.parse("2026-11-25")));

    assertThat(nights.status(at("2026-11-24T23:00:00Z"))).isEqualTo(open("2026-11-25T00:00:00Z"));
    assertThat(nights.status(at("2026-11-25T00:00:00Z"))).isEqualTo(closed("2026-11-26T22:00:00Z"));
  }

  @Test
  void statusShouldBeOpenForeverWhenWeekIsEmpty() {
    assertThat(WorkingHours.ALWAYS.status(at("2026-11-20T16:00:00Z"))).isEqualTo(new Status(true, null));
  }

  @Test
  void statusShouldCloseOnlyHolidaysWhenWeekIsEmptyButHolidaysAreSet() {
    WorkingHours hours = new WorkingHours(MOSCOW, Map.of(), Set.of(LocalDate.parse("2026-01-01")));

    assertThat(hours.status(at("2025-12-31T12:00:00Z"))).isEqualTo(open("2025-12-31T21:00:00Z"));
    assertThat(hours.status(at("2025-12-31T21:00:00Z"))).isEqualTo(closed("2026-01-01T21:00:00Z"));
  }

  @Test
  void statusShouldBeOpenWithoutEndWhenEveryDayIsWhole() {
    WorkingHours hours = new WorkingHours(MOSCOW, everyDay("00:00-24:00"), Set.of());

    assertThat(hours.status(at("2026-11-20T16:00:00Z"))).isEqualTo(new Status(true, null));
  }

  @Test
  void statusShouldBeClosedWithoutEndWhenWeekHasNoRanges() {
    WorkingHours hours = new WorkingHours(MOSCOW, Map.of(MONDAY, List.of()), Set.of());

    assertThat(hours.status(at("2026-11-23T08:00:00Z"))).isEqualTo(new Status(false, null));
  }

  @Test
  void statusShouldCloseForLunchWhenDayHasTwoRanges() {
    WorkingHours hours = new WorkingHours(ZoneOffset.UTC,
        Map.of(TUESDAY, List.of(range("14:00-19:00"), range("10:00-13:00"))), Set.of());

    assertThat(hours.status(at("2026-11-24T12:00:00Z"))).isEqualTo(open("2026-11-24T13:00:00Z"));
    assertThat(hours.status(at("2026-11-24T13:00:00Z"))).isEqualTo(closed("2026-11-24T14:00:00Z"));
    assertThat(hours.status(at("2026-11-24T14:00:00Z"))).isEqualTo(open("2026-11-24T19:00:00Z"));
  }

  @Test
  void statusShouldReportRealEndWhenRangesAndDaysAreAdjacent() {
    WorkingHours adjacent = new WorkingHours(ZoneOffset.UTC,
        Map.of(MONDAY, List.of(range("00:00-24:00")), TUESDAY, List.of(range("00:00-12:00"))), Set.of());
    WorkingHours overlapping = new WorkingHours(ZoneOffset.UTC,
        Map.of(MONDAY, List.of(range("22:00-06:00")), TUESDAY, List.of(range("00:00-08:00"), range("08:00-09:00"))),
        Set.of());

    assertThat(adjacent.status(at("2026-11-23T10:00:00Z"))).isEqualTo(open("2026-11-24T12:00:00Z"));
    assertThat(overlapping.status(at("2026-11-23T23:00:00Z"))).isEqualTo(open("2026-11-24T09:00:00Z"));
  }

  private static WorkingHours weekdays(ZoneId zone, String range, Set<LocalDate> holidays) {
    Map<DayOfWeek, List<Range>> week = new EnumMap<>(DayOfWeek.class);
    for (DayOfWeek day : List.of(MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY)) {
      week.put(day, List.of(range(range)));
    }
    return new WorkingHours(zone, week, holidays);
  }

  private static Map<DayOfWeek, List<Range>> everyDay(String range) {
    Map<DayOfWeek, List<Range>> week = new EnumMap<>(DayOfWeek.class);
    for (DayOfWeek day : DayOfWeek.values()) {
      week.put(day, List.of(range(range)));
    }
    return week;
  }

  private static Range range(String text) {
    String[] parts = text.split("-");
    return new Range(time(parts[0]), time(parts[1]));
  }

  private static LocalTime time(String text) {
    return "24:00".equals(text) ? LocalTime.MIDNIGHT : LocalTime.parse(text);
  }

  private static Instant at(String instant) {
    return Instant.parse(instant);
  }

  private static Status open(String until) {
    return new Status(true, Instant.parse(until));
  }

  private static Status closed(String until) {
    return new Status(false, Instant.parse(until));
  }
}
