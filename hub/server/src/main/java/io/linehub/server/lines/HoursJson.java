package io.linehub.server.lines;

import io.linehub.server.lines.WorkingHours.Range;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Wire form of {@link WorkingHours}:
 * {@code {"timeZone":"Europe/Moscow","week":{"mon":["10:00-19:00"]},"holidays":["2026-01-01"]}}.
 * {@code 24:00} is allowed as an end and stands for the next midnight.
 */
final class HoursJson {

  private static final Set<String> FIELDS = Set.of("timeZone", "week", "holidays");
  private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
  private static final String TIME = "([01][0-9]|2[0-3]):([0-5][0-9])";
  private static final Pattern RANGE = Pattern.compile(TIME + "-(?:" + TIME + "|(24):(00))");

  private HoursJson() {
  }

  static JsonObject encode(WorkingHours hours) {
    JsonObject week = new JsonObject();
    for (DayOfWeek day : DayOfWeek.values()) {
      List<Range> ranges = hours.week().get(day);
      if (ranges != null) {
        JsonArray texts = new JsonArray();
        ranges.forEach(range -> texts.add(format(range)));
        week.put(DAYS.get(day.ordinal()), texts);
      }
    }
    JsonArray holidays = new JsonArray();
    hours.holidays().stream().sorted().forEach(date -> holidays.add(date.toString()));
    return new JsonObject().put("timeZone", hours.zone().getId()).put("week", week).put("holidays", holidays);
  }

  /** Null or absent is {@link WorkingHours#ALWAYS}; a missing time zone is UTC. */
  static WorkingHours decode(JsonObject json, String path) {
    if (json == null) {
      return WorkingHours.ALWAYS;
    }
    JsonIn in = JsonIn.of(json, path, FIELDS);
    return new WorkingHours(zone(in), week(in), holidays(in));
  }

  static String format(Range range) {
    String end = range.end().equals(LocalTime.MIDNIGHT) ? "24:00" : hhmm(range.end());
    return hhmm(range.start()) + "-" + end;
  }

  private static String hhmm(LocalTime time) {
    return String.format("%02d:%02d", time.getHour(), time.getMinute());
  }

  private static ZoneId zone(JsonIn in) {
    String name = in.optString("timeZone");
    if (name == null) {
      return WorkingHours.UTC;
    }
    try {
      return ZoneId.of(name);
    } catch (DateTimeException e) {
      throw JsonIn.bad(in.path("timeZone"), "must be an IANA time zone such as Europe/Moscow");
    }
  }

  private static Map<DayOfWeek, List<Range>> week(JsonIn in) {
    JsonObject json = in.optObject("week");
    Map<DayOfWeek, List<Range>> week = new EnumMap<>(DayOfWeek.class);
    if (json == null) {
      return week;
    }
    String path = in.path("week");
    for (String day : json.fieldNames()) {
      int index = DAYS.indexOf(day);
      if (index < 0) {
        throw JsonIn.bad(path + "." + day, "unknown day, use mon, tue, wed, thu, fri, sat or sun");
      }
      Object value = json.getValue(day);
      if (!(value instanceof JsonArray texts)) {
        throw JsonIn.bad(path + "." + day, "must be an array of ranges such as \"10:00-19:00\"");
      }
      List<Range> ranges = new ArrayList<>(texts.size());
      for (int i = 0; i < texts.size(); i++) {
        ranges.add(range(JsonIn.string(texts, i, path + "." + day), path + "." + day + "[" + i + "]"));
      }
      week.put(DayOfWeek.values()[index], ranges);
    }
    return week;
  }

  private static Range range(String text, String path) {
    Matcher m = RANGE.matcher(text);
    if (!m.matches()) {
      throw JsonIn.bad(path, "must be a range HH:MM-HH:MM such as 10:00-19:00 (24:00 allowed as the end)");
    }
    LocalTime start = LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    LocalTime end = m.group(3) != null
        ? LocalTime.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)))
        : LocalTime.MIDNIGHT;
    return new Range(start, end);
  }

  private static Set<LocalDate> holidays(JsonIn in) {
    JsonArray json = in.optArray("holidays");
    Set<LocalDate> holidays = new HashSet<>();
    if (json == null) {
      return holidays;
    }
    String path = in.path("holidays");
    for (int i = 0; i < json.size(); i++) {
      try {
        holidays.add(LocalDate.parse(JsonIn.string(json, i, path)));
      } catch (DateTimeParseException e) {
        throw JsonIn.bad(path + "[" + i + "]", "must be an ISO date such as 2026-01-01");
      }
    }
    return holidays;
  }
}
