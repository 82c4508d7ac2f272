package io.linehub.api.web;

import io.linehub.api.error.LinehubException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The period a report covers, {@code [from, to)}, and the zone its local days and hours are read
 * in. Every report route reads it with {@link #of} and answers with {@link #reply}, as JSON
 * {@code {"from","to","tz","rows":[...]}} or as CSV when asked ({@code ?format=csv} or
 * {@code Accept: text/csv}).
 */
public record ReportWindow(Instant from, Instant to, ZoneId zone) {

  /** A year and a leap day: a calendar year always fits, whatever the zone. */
  public static final int MAX_DAYS = 366;

  /**
   * {@code from}, {@code to}: an ISO instant ({@code 2026-03-01T09:00:00Z}, an offset is allowed)
   * or an ISO date, which means local midnight in {@code tz}. {@code tz}: an IANA zone, UTC by
   * default. Without {@code from} the window starts at today's local midnight; without {@code to}
   * it lasts one local day from {@code from}.
   */
  public static ReportWindow of(RoutingContext ctx, Clock clock) {
    var query = ctx.queryParams();
    return parse(query.get("from"), query.get("to"), query.get("tz"), clock);
  }

  /** {@link #of} without the request, for callers and tests that hold the raw parameters. */
  public static ReportWindow parse(String from, String to, String tz, Clock clock) {
    ZoneId zone = zone(tz);
    Instant start = empty(from) ? null : instant("from", from, zone);
    Instant end = empty(to) ? null : instant("to", to, zone);
    if (start == null) {
      start = end == null
          ? LocalDate.now(clock.withZone(zone)).atStartOfDay(zone).toInstant()
          : end.atZone(zone).minusDays(1).toInstant();
    }
    if (end == null) {
      end = start.atZone(zone).plusDays(1).toInstant();
    }
    if (!end.isAfter(start)) {
      throw LinehubException.badRequest("to: must be after from");
    }
    if (end.isAfter(start.atZone(zone).plusDays(MAX_DAYS).toInstant())) {
      throw LinehubException.badRequest("to: a report covers at most " + MAX_DAYS + " days");
    }
    return new ReportWindow(start, end, zone);
  }

  /** The local date {@code from} falls on, for file names. */
  public LocalDate fromDate() {
    return from.atZone(zone).toLocalDate();
  }

  /** True when the client asked for CSV; 400 for a {@code format} other than json or csv. */
  public static boolean wantsCsv(RoutingContext ctx) {
    String format = ctx.queryParams().get("format");
    if (format != null) {
      return switch (format.toLowerCase(Locale.ROOT)) {
        case "csv" -> true;
        case "json" -> false;
        default -> throw LinehubException.badRequest("format: must be one of json, csv");
      };
    }
    return prefersCsv(ctx.request().getHeader("accept"));
  }

  /**
   * Answers 200 with the table of {@code report} over this window, in the format asked for; a
   * failed future goes to the failure handler. The CSV is a download named
   * {@code <report>-<from date>.csv}.
   */
  public void reply(RoutingContext ctx, String report, boolean csv, Future<Csv.Table> table) {
    table.onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else if (csv) {
        ctx.response().setStatusCode(200)
            .putHeader("content-type", Csv.CONTENT_TYPE)
            .putHeader("content-disposition", "attachment; filename=\"" + report + "-" + fromDate() + ".csv\"")
            .end(ar.result().toCsv());
      } else {
        Replies.json(ctx, 200, new JsonObject()
            .put("from", from.toString())
            .put("to", to.toString())
            .put("tz", zone.getId())
            .put("rows", new JsonArray(ar.result().rows())));
      }
    });
  }

  /** CSV when the Accept header lists text/csv at least as high as application/json (JSON otherwise). */
  static boolean prefersCsv(String accept) {
    if (accept == null) {
      return false;
    }
    float csv = 0;
    float json = -1;
    for (String range : accept.split(",")) {
      String[] parts = range.split(";");
      String type = parts[0].trim().toLowerCase(Locale.ROOT);
      float weight = 1;
      for (int i = 1; i < parts.length; i++) {
        String parameter = parts[i].trim();
        if (parameter.startsWith("q=")) {
          try {
            weight = Float.parseFloat(parameter.substring(2));
          } catch (NumberFormatException e) {
            weight = 0;
          }
        }
      }
      if (type.equals("text/csv")) {
        csv = Math.max(csv, weight);
      } else if (type.equals("application/json")) {
        json = Math.max(json, weight);
      }
    }
    return csv > 0 && csv >= json;
  }

  private static ZoneId zone(String tz) {
    if (empty(tz)) {
      return ZoneId.of("UTC");
    }
    // Region ids only: PostgreSQL reads "+03:00" or "UTC+3" the POSIX way (sign inverted), while
    // an IANA name means the same zone to both.
    if (!ZoneId.getAvailableZoneIds().contains(tz)) {
      throw LinehubException.badRequest("tz: must be an IANA time zone such as Europe/Moscow");
    }
    return ZoneId.of(tz);
  }

  private static Instant instant(String field, String value, ZoneId zone) {
    try {
      if (value.length() == 10) {
        return LocalDate.parse(value).atStartOfDay(zone).toInstant();
      }
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw LinehubException.badRequest(field + ": must be an ISO date such as 2026-03-01 or an instant such as "
          + "2026-03-01T09:00:00Z");
    }
  }

  private static boolean empty(String value) {
    return value == null || value.isEmpty();
  }
}
