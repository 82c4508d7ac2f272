package io.linehub.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linehub.api.error.LinehubException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ReportWindowTest {

  /** 2026-03-10 22:30 UTC is already 2026-03-11 01:30 in Moscow (UTC+3). */
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-10T22:30:00Z"), ZoneOffset.UTC);

  @Test
  void parseShouldCoverTodayInZoneWhenNoBoundIsGiven() {
    assertThat(ReportWindow.parse(null, null, null, CLOCK)).isEqualTo(new ReportWindow(
        Instant.parse("2026-03-10T00:00:00Z"), Instant.parse("2026-03-11T00:00:00Z"), ZoneId.of("UTC")));
    assertThat(ReportWindow.parse(null, null, "Europe/Moscow", CLOCK)).isEqualTo(new ReportWindow(
        Instant.parse("2026-03-10T21:00:00Z"), Instant.parse("2026-03-11T21:00:00Z"), ZoneId.of("Europe/Moscow")));
  }

  @Test
  void parseShouldReadDatesAsLocalMidnightWhenZoneIsGiven() {
    var window = ReportWindow.parse("2026-03-01", "2026-03-03", "Europe/Moscow", CLOCK);

    assertThat(window.from()).isEqualTo(Instant.parse("2026-02-28T21:00:00Z"));
    assertThat(window.to()).isEqualTo(Instant.parse("2026-03-02T21:00:00Z"));
    assertThat(window.fromDate()).isEqualTo(LocalDate.parse("2026-03-01"));
  }

  @Test
  void parseShouldAcceptInstantsWithOffsetAndDefaultToOneLocalDayWhenToIsMissing() {
    var window = ReportWindow.parse("2026-03-28T10:00:00+03:00", null, "Europe/Berlin", CLOCK);

    assertThat(window.from()).isEqualTo(Instant.parse("2026-03-28T07:00:00Z"));
    // Berlin moves to summer time on 2026-03-29: one local day is 23 hours there.
    assertThat(window.to()).isEqualTo(Instant.parse("2026-03-29T06:00:00Z"));
  }

  @Test
  void parseShouldEndAtToAndStartOneDayEarlierWhenOnlyToIsGiven() {
    var window = ReportWindow.parse(null, "2026-03-05T00:00:00Z", null, CLOCK);

    assertThat(window.from()).isEqualTo(Instant.parse("2026-03-04T00:00:00Z"));
  }

  @Test
  void parseShouldFailNamingFieldWhenValueIsMalformed() {
    assertBadRequest(() -> ReportWindow.parse("yesterday", null, null, CLOCK), "from: must be an ISO date");
    assertBadRequest(() -> ReportWindow.parse(null, "2026-13-01", null, CLOCK), "to: must be an ISO date");
    assertBadRequest(() -> ReportWindow.parse(null, null, "+03:00", CLOCK), "tz: must be an IANA time zone");
    assertBadRequest(() -> ReportWindow.parse(null, null, "Mars/Olympus", CLOCK), "tz: must be an IANA time zone");
  }

  @Test
  void parseShouldFailNamingToWhenWindowIsEmptyReversedOrLongerThanLeapYear() {
    assertBadRequest(() -> ReportWindow.parse("2026-03-02", "2026-03-02", null, CLOCK), "to: must be after from");
    assertBadRequest(() -> ReportWindow.parse("2026-03-02", "2026-03-01", null, CLOCK), "to: must be after from");
    assertBadRequest(() -> ReportWindow.parse("2026-01-01", "2027-01-03", null, CLOCK), "to: a report covers at most");
    assertThat(ReportWindow.parse("2028-01-01", "2029-01-01", "Europe/Moscow", CLOCK).to())
        .isEqualTo(Instant.parse("2028-12-31T21:00:00Z"));
  }

  @Test
  void prefersCsvShouldFollowAcceptWeightsWhenHeaderListsBoth() {
    assertThat(ReportWindow.prefersCsv(null)).isFalse();
    assertThat(ReportWindow.prefersCsv("*/*")).isFalse();
    assertThat(ReportWindow.prefersCsv("text/csv")).isTrue();
    assertThat(ReportWindow.prefersCsv("application/json;q=0.5, text/csv")).isTrue();
    assertThat(ReportWindow.prefersCsv("text/csv;q=0.2, application/json")).isFalse();
    assertThat(ReportWindow.prefersCsv("text/csv;q=0")).isFalse();
  }

  private static void assertBadRequest(Runnable call, String messageStart) {
    assertThatThrownBy(call::run).isInstanceOf(LinehubException.class)
        .hasMessageStartingWith(messageStart)
        .extracting(e -> ((LinehubException) e).code().httpStatus()).isEqualTo(400);
  }
}
