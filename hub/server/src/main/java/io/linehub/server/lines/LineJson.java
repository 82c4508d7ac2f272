package io.linehub.server.lines;

import io.linehub.api.crm.Channel;
import io.linehub.api.routing.Fallback;
import io.linehub.api.routing.FallbackAction;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one wire form of a {@link Line}, shared by the REST API, the bootstrap file and the jsonb
 * columns. {@link #decode} validates everything that can be checked without the database and
 * answers 400 naming the field; whether users and fallback lines exist is the store's check.
 * Enum values travel as lower-case names.
 */
public final class LineJson {

  public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");
  public static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");
  static final int MAX_TEXT = 2000;

  private static final Set<String> FIELDS = Set.of("id", "name", "did", "channels", "strategy", "members", "timers",
      "maxChats", "noAnswer", "hours", "outOfHours", "responsibleUserId", "routeToOwner", "serviceLevelSec");
  private static final Set<String> MEMBER_FIELDS = Set.of("userId", "tier");
  private static final Set<String> TIMER_FIELDS = Set.of("callOfferSec", "chatOfferSec", "maxWaitSec", "wrapUpSec");
  private static final Set<String> FALLBACK_FIELDS = Set.of("action", "target", "message");
  /** Open-line channels; phone reaches a line by its DID and manual is not a channel customers use. */
  private static final List<String> CHANNELS = java.util.Arrays.stream(Channel.values())
      .filter(c -> c != Channel.PHONE && c != Channel.MANUAL).map(LineJson::wire).toList();

  private LineJson() {
  }

  public static JsonObject encode(Line line) {
    JsonArray members = new JsonArray();
    line.members().forEach(m -> members.add(new JsonObject().put("userId", m.userId()).put("tier", m.tier())));
    LineTimers t = line.timers();
    return new JsonObject()
        .put("id", line.id())
        .put("name", line.name())
        .put("did", line.did())
        .put("channels", new JsonArray(new ArrayList<>(line.channels())))
        .put("strategy", wire(line.strategy()))
        .put("members", members)
        .put("timers", new JsonObject()
            .put("callOfferSec", t.callOffer().toSeconds())
            .put("chatOfferSec", t.chatOffer().toSeconds())
            .put("maxWaitSec", t.maxWait().toSeconds())
            .put("wrapUpSec", t.wrapUp().toSeconds()))
        .put("maxChats", line.maxChats())
        .put("noAnswer", encodeFallback(line.noAnswer()))
        .put("hours", HoursJson.encode(line.hours()))
        .put("outOfHours", encodeFallback(line.outOfHours()))
        .put("responsibleUserId", line.responsibleUserId())
        .put("routeToOwner", line.routeToOwner())
        .put("serviceLevelSec", line.serviceLevel().toSeconds());
  }

  /** A line from its wire form; 400 naming the first bad field. Absent fields take the defaults of {@link Line#of}. */
  public static Line decode(JsonObject json) {
    JsonIn in = JsonIn.of(json, "", FIELDS);
    String id = in.requireString("id");
    if (!ID.matcher(id).matches()) {
      throw JsonIn.bad("id", "1-40 characters of a-z, 0-9, '_' or '-', starting with a letter or digit");
    }
    String name = in.optString("name");
    if (name != null && (name.isBlank() || name.length() > 100)) {
      throw JsonIn.bad("name", "1 to 100 characters");
    }
    String did = in.optString("did");
    if (did != null && !E164.matcher(did).matches()) {
      throw JsonIn.bad("did", "must be an E.164 number such as +74951234567");
    }
    List<String> channels = channels(in.optArray("channels"));
    Strategy strategy = in.requireEnum("strategy", Strategy.class);
    List<Member> members = decodeMembers(in.optArray("members"), "members");
    LineTimers timers = timers(in.optObject("timers"));
    int maxChats = in.optInt("maxChats", 1, 50, 5);
    Fallback noAnswer = decodeFallback(in.optObject("noAnswer"), "noAnswer", id);
    WorkingHours hours = HoursJson.decode(in.optObject("hours"), "hours");
    Fallback outOfHours = decodeFallback(in.optObject("outOfHours"), "outOfHours", id);
    Long responsible = in.optLong("responsibleUserId");
    if (responsible != null && responsible <= 0) {
      throw JsonIn.bad("responsibleUserId", "must be a positive integer");
    }
    boolean routeToOwner = in.optBoolean("routeToOwner", true);
    int serviceLevel = in.optInt("serviceLevelSec", 1, 3600, 20);
    return new Line(id, name == null ? id : name.trim(), did, channels, strategy, members, timers, maxChats, noAnswer,
        hours, outOfHours, responsible, routeToOwner, Duration.ofSeconds(serviceLevel));
  }

  /** The queue members at {@code path}: unique users, tiers 0 to 9; null is an empty queue. */
  public static List<Member> decodeMembers(JsonArray json, String path) {
    List<Member> members = new ArrayList<>();
    if (json == null) {
      return members;
    }
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < json.size(); i++) {
      String at = path + "[" + i + "]";
      JsonIn in = JsonIn.of(JsonIn.element(json, i, path), at, MEMBER_FIELDS);
      Long userId = in.optLong("userId");
      if (userId == null || userId <= 0) {
        throw JsonIn.bad(in.path("userId"), userId == null ? "is required" : "must be a positive integer");
      }
      if (!seen.add(userId)) {
        throw JsonIn.bad(in.path("userId"), "user " + userId + " is listed twice");
      }
      members.add(new Member(userId, in.optInt("tier", 0, 9, 0)));
    }
    return members;
  }

  static JsonObject encodeFallback(Fallback fallback) {
    return new JsonObject().put("action", wire(fallback.action())).put("target", fallback.target())
        .put("message", fallback.message());
  }

  /** A fallback at {@code path}; a {@code line} target must be another line's id, a {@code forward} one E.164. */
  static Fallback decodeFallback(JsonObject json, String path, String lineId) {
    if (json == null) {
      return Fallback.KEEP_WAITING;
    }
    JsonIn in = JsonIn.of(json, path, FALLBACK_FIELDS);
    FallbackAction action = in.requireEnum("action", FallbackAction.class);
    String target = in.optString("target");
    String message = in.optString("message");
    switch (action) {
      case LINE -> {
        if (target == null || !ID.matcher(target).matches()) {
          throw JsonIn.bad(in.path("target"), "must be the id of the line to move to");
        }
        if (target.equals(lineId)) {
          throw JsonIn.bad(in.path("target"), "must be another line, not this one");
        }
      }
      case FORWARD -> {
        if (target == null || !E164.matcher(target).matches()) {
          throw JsonIn.bad(in.path("target"), "must be an E.164 number such as +74951234567");
        }
      }
      default -> {
        if (target != null) {
          throw JsonIn.bad(in.path("target"), "only the line and forward actions take a target");
        }
      }
    }
    if (action == FallbackAction.AUTO_REPLY && (message == null || message.isBlank())) {
      throw JsonIn.bad(in.path("message"), "is required for auto_reply");
    }
    if (message != null && message.length() > MAX_TEXT) {
      throw JsonIn.bad(in.path("message"), "at most " + MAX_TEXT + " characters");
    }
    return new Fallback(action, target, message);
  }

  private static List<String> channels(JsonArray json) {
    List<String> channels = new ArrayList<>();
    if (json == null) {
      return channels;
    }
    for (int i = 0; i < json.size(); i++) {
      String name = JsonIn.string(json, i, "channels");
      if (!CHANNELS.contains(name)) {
        throw JsonIn.bad("channels[" + i + "]", "must be one of " + String.join(", ", CHANNELS));
      }
      if (channels.contains(name)) {
        throw JsonIn.bad("channels[" + i + "]", name + " is listed twice");
      }
      channels.add(name);
    }
    return channels;
  }

  private static LineTimers timers(JsonObject json) {
    if (json == null) {
      return LineTimers.DEFAULTS;
    }
    LineTimers d = LineTimers.DEFAULTS;
    JsonIn in = JsonIn.of(json, "timers", TIMER_FIELDS);
    return new LineTimers(
        Duration.ofSeconds(in.optInt("callOfferSec", 1, 3600, (int) d.callOffer().toSeconds())),
        Duration.ofSeconds(in.optInt("chatOfferSec", 1, 3600, (int) d.chatOffer().toSeconds())),
        Duration.ofSeconds(in.optInt("maxWaitSec", 10, 86400, (int) d.maxWait().toSeconds())),
        Duration.ofSeconds(in.optInt("wrapUpSec", 0, 3600, (int) d.wrapUp().toSeconds())));
  }

  static String wire(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
