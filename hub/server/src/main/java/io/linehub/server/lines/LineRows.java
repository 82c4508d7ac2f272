package io.linehub.server.lines;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;

/** Row and parameter mapping of {@code hub.lines} and {@code hub.line_members}. */
final class LineRows {

  /** A line with its queue in one row: members as a JSON array in queue order. */
  static final String SELECT = "SELECT l.id, l.name, l.did, l.channels, l.strategy, l.call_offer_sec,"
      + " l.chat_offer_sec, l.max_wait_sec, l.wrap_up_sec, l.max_chats, l.no_answer, l.out_of_hours, l.hours,"
      + " l.responsible_user_id, l.route_to_owner, l.service_level_sec,"
      + " coalesce((SELECT jsonb_agg(jsonb_build_object('userId', m.user_id, 'tier', m.tier) ORDER BY m.position)"
      + " FROM hub.line_members m WHERE m.line_id = l.id), '[]'::jsonb) AS members"
      + " FROM hub.lines l";

  static final String INSERT = "INSERT INTO hub.lines (id, name, did, channels, strategy, call_offer_sec,"
      + " chat_offer_sec, max_wait_sec, wrap_up_sec, max_chats, no_answer, out_of_hours, hours, responsible_user_id,"
      + " route_to_owner, service_level_sec) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,"
      + " $15, $16)";

  static final String UPDATE = "UPDATE hub.lines SET name = $2, did = $3, channels = $4, strategy = $5,"
      + " call_offer_sec = $6, chat_offer_sec = $7, max_wait_sec = $8, wrap_up_sec = $9, max_chats = $10,"
      + " no_answer = $11, out_of_hours = $12, hours = $13, responsible_user_id = $14, route_to_owner = $15,"
      + " service_level_sec = $16, updated_at = now() WHERE id = $1";

  static final String INSERT_MEMBERS = "INSERT INTO hub.line_members (line_id, user_id, position, tier)"
      + " SELECT $1, m.user_id, m.ord - 1, m.tier"
      + " FROM unnest($2::bigint[], $3::int[]) WITH ORDINALITY AS m(user_id, tier, ord)";

  private LineRows() {
  }

  /** The 16 parameters of {@link #INSERT} and {@link #UPDATE}. */
  static Tuple params(Line line) {
    LineTimers timers = line.timers();
    return Tuple.tuple()
        .addString(line.id())
        .addString(line.name())
        .addString(line.did())
        .addArrayOfString(line.channels().toArray(new String[0]))
        .addString(LineJson.wire(line.strategy()))
        .addInteger(seconds(timers.callOffer()))
        .addInteger(seconds(timers.chatOffer()))
        .addInteger(seconds(timers.maxWait()))
        .addInteger(seconds(timers.wrapUp()))
        .addInteger(line.maxChats())
        .addValue(LineJson.encodeFallback(line.noAnswer()))
        .addValue(LineJson.encodeFallback(line.outOfHours()))
        .addValue(HoursJson.encode(line.hours()))
        .addLong(line.responsibleUserId())
        .addBoolean(line.routeToOwner())
        .addInteger(seconds(line.serviceLevel()));
  }

  static Tuple members(String lineId, List<Member> members) {
    return Tuple.tuple()
        .addString(lineId)
        .addArrayOfLong(members.stream().map(Member::userId).toArray(Long[]::new))
        .addArrayOfInteger(members.stream().map(Member::tier).toArray(Integer[]::new));
  }

  static Line map(Row row) {
    String id = row.getString("id");
    return new Line(
        id,
        row.getString("name"),
        row.getString("did"),
        List.of(row.getArrayOfStrings("channels")),
        io.linehub.api.web.Fields.parseEnum("strategy", row.getString("strategy"), Strategy.class),
        LineJson.decodeMembers(row.getJsonArray("members"), "members"),
        new LineTimers(
            Duration.ofSeconds(row.getInteger("call_offer_sec")),
            Duration.ofSeconds(row.getInteger("chat_offer_sec")),
            Duration.ofSeconds(row.getInteger("max_wait_sec")),
            Duration.ofSeconds(row.getInteger("wrap_up_sec"))),
        row.getInteger("max_chats"),
        LineJson.decodeFallback(row.getJsonObject("no_answer"), "noAnswer", id),
        HoursJson.decode(row.getJsonObject("hours"), "hours"),
        LineJson.decodeFallback(row.getJsonObject("out_of_hours"), "outOfHours", id),
        row.getLong("responsible_user_id"),
        row.getBoolean("route_to_owner"),
        Duration.ofSeconds(row.getInteger("service_level_sec")));
  }

  private static int seconds(Duration duration) {
    return (int) Math.min(Integer.MAX_VALUE, duration.toSeconds());
  }
}
