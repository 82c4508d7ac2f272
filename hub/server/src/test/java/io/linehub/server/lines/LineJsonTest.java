package io.linehub.server.lines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linehub.api.error.ErrorCode;
import io.linehub.api.error.LinehubException;
import io.linehub.api.routing.Fallback;
import io.linehub.api.routing.FallbackAction;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LineJsonTest {

  static final String SALES = """
      {"id":"sales","name":"Sales","did":"+74951234567","channels":["site_chat","telegram"],"strategy":"evenly",
       "members":[{"userId":2,"tier":0},{"userId":3,"tier":1}],
       "timers":{"callOfferSec":20,"chatOfferSec":60,"maxWaitSec":300,"wrapUpSec":30},
       "maxChats":5,
       "noAnswer":{"action":"voicemail","target":null,"message":null},
       "hours":{"timeZone":"Europe/Moscow","week":{"mon":["10:00-19:00"],"tue":["10:00-13:00","14:00-19:00"],
                "fri":["22:00-06:00"],"sat":["00:00-24:00"]},"holidays":["2026-01-01","2026-01-02"]},
       "outOfHours":{"action":"auto_reply","target":null,"message":"We are closed, leave your number"},
       "responsibleUserId":1,"routeToOwner":true,"serviceLevelSec":20}""";

  @Test
  void decodeShouldReadEveryFieldWhenLineIsComplete() {
    Line line = LineJson.decode(new JsonObject(SALES));

    assertThat(line.did()).isEqualTo("+74951234567");
    assertThat(line.channels()).containsExactly("site_chat", "telegram");
    assertThat(line.strategy()).isEqualTo(Strategy.EVENLY);
    assertThat(line.members()).containsExactly(new Member(2, 0), new Member(3, 1));
    assertThat(line.timers().maxWait()).isEqualTo(Duration.ofMinutes(5));
    assertThat(line.noAnswer()).isEqualTo(new Fallback(FallbackAction.VOICEMAIL, null, null));
    assertThat(line.outOfHours().action()).isEqualTo(FallbackAction.AUTO_REPLY);
    assertThat(line.hours().zone()).isEqualTo(ZoneId.of("Europe/Moscow"));
    assertThat(line.hours().week().get(DayOfWeek.TUESDAY)).containsExactly(
        new WorkingHours.Range(LocalTime.of(10, 0), LocalTime.of(13, 0)),
        new WorkingHours.Range(LocalTime.of(14, 0), LocalTime.of(19, 0)));
    assertThat(line.hours().week().get(DayOfWeek.SATURDAY))
        .containsExactly(new WorkingHours.Range(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT));
    assertThat(line.hours().holidays()).contains(LocalDate.of(2026, 1, 1));
    assertThat(line.responsibleUserId()).isEqualTo(1L);
    assertThat(line.serviceLevel()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void encodeShouldGiveBackTheSameJsonWhenLineWasDecoded() {
    JsonObject wire = new JsonObject(SALES);

    JsonObject again = LineJson.encode(LineJson.decode(wire));

    assertThat(again).isEqualTo(wire);
    assertThat(LineJson.decode(again)).isEqualTo(LineJson.decode(wire));
  }

  @Test
  void decodeShouldTakeDefaultsWhenOnlyIdAndStrategyAreGiven() {
    Line line = LineJson.decode(new JsonObject().put("id", "support").put("strategy", "all"));

    assertThat(line).isEqualTo(Line.of("support", Strategy.ALL, List.of()));
    assertThat(line.hours()).isEqualTo(WorkingHours.ALWAYS);
    assertThat(line.noAnswer()).isEqualTo(Fallback.KEEP_WAITING);
    assertThat(line.timers()).isEqualTo(LineTimers.DEFAULTS);
    assertThat(line.maxChats()).isEqualTo(5);
    assertThat(line.routeToOwner()).isTrue();
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("{\"maxChat\":5}", "maxChat: unknown field"),
        Arguments.of("{\"id\":null}", "id: is required"),
        Arguments.of("{\"id\":\"Sales!\"}", "id: 1-40 characters"),
        Arguments.of("{\"id\":\"" + "a".repeat(41) + "\"}", "id: 1-40 characters"),
        Arguments.of("{\"name\":\" \"}", "name: 1 to 100 characters"),
        Arguments.of("{\"did\":\"84951234567\"}", "did: must be an E.164 number"),
        Arguments.of("{\"did\":\"+7495\"}", "did: must be an E.164 number"),
        Arguments.of("{\"channels\":[\"phone\"]}", "channels[0]: must be one of email, site_chat"),
        Arguments.of("{\"channels\":[\"telegram\",\"telegram\"]}", "channels[1]: telegram is listed twice"),
        Arguments.of("{\"strategy\":\"random\"}", "strategy: must be one of all, evenly, strictly, longest_idle, least_busy"),
        Arguments.of("{\"strategy\":null}", "strategy: is required"),
        Arguments.of("{\"members\":[{\"userId\":2},{\"tier\":1}]}", "members[1].userId: is required"),
        Arguments.of("{\"members\":[{\"userId\":2},{\"userId\":2,\"tier\":1}]}", "members[1].userId: user 2 is listed twice"),
        Arguments.of("{\"members\":[{\"userId\":2,\"tier\":10}]}", "members[0].tier: must be an integer from 0 to 9"),
        Arguments.of("{\"members\":[{\"userId\":2,\"prio\":1}]}", "members[0].prio: unknown field"),
        Arguments.of("{\"members\":[2]}", "members[0]: must be an object"),
        Arguments.of("{\"maxChats\":51}", "maxChats: must be an integer from 1 to 50"),
        Arguments.of("{\"maxChats\":0}", "maxChats: must be an integer from 1 to 50"),
        Arguments.of("{\"timers\":{\"callOfferSec\":0}}", "timers.callOfferSec: must be an integer from 1 to 3600"),
        Arguments.of("{\"timers\":{\"chatOfferSec\":3601}}", "timers.chatOfferSec: must be an integer from 1 to 3600"),
        Arguments.of("{\"timers\":{\"maxWaitSec\":9}}", "timers.maxWaitSec: must be an integer from 10 to 86400"),
        Arguments.of("{\"timers\":{\"wrapUpSec\":-1}}", "timers.wrapUpSec: must be an integer from 0 to 3600"),
        Arguments.of("{\"timers\":{\"wrapUp\":5}}", "timers.wrapUp: unknown field"),
        Arguments.of("{\"noAnswer\":{\"action\":\"pray\"}}", "noAnswer.action: must be one of keep_waiting, line"),
        Arguments.of("{\"noAnswer\":{\"action\":\"line\"}}", "noAnswer.target: must be the id of the line"),
        Arguments.of("{\"noAnswer\":{\"action\":\"line\",\"target\":\"sales\"}}", "noAnswer.target: must be another line"),
        Arguments.of("{\"noAnswer\":{\"action\":\"forward\",\"target\":\"123\"}}", "noAnswer.target: must be an E.164"),
        Arguments.of("{\"noAnswer\":{\"action\":\"voicemail\",\"target\":\"x\"}}", "noAnswer.target: only the line"),
        Arguments.of("{\"outOfHours\":{\"action\":\"auto_reply\"}}", "outOfHours.message: is required for auto_reply"),
        Arguments.of("{\"hours\":{\"timeZone\":\"Mars/Olympus\"}}", "hours.timeZone: must be an IANA time zone"),
        Arguments.of("{\"hours\":{\"week\":{\"mon\":[\"10:00-25:00\"]}}}", "hours.week.mon[0]: must be a range"),
        Arguments.of("{\"hours\":{\"week\":{\"tue\":[\"10:00-13:00\",\"9:00-18:00\"]}}}", "hours.week.tue[1]: must be a range"),
        Arguments.of("{\"hours\":{\"week\":{\"monday\":[]}}}", "hours.week.monday: unknown day"),
        Arguments.of("{\"hours\":{\"week\":{\"mon\":\"10:00-19:00\"}}}", "hours.week.mon: must be an array"),
        Arguments.of("{\"hours\":{\"holidays\":[\"2026-13-01\"]}}", "hours.holidays[0]: must be an ISO date"),
        Arguments.of("{\"hours\":{\"zone\":\"UTC\"}}", "hours.zone: unknown field"),
        Arguments.of("{\"serviceLevelSec\":0}", "serviceLevelSec: must be an integer from 1 to 3600"),
        Arguments.of("{\"responsibleUserId\":\"1\"}", "responsibleUserId: must be an integer"),
        Arguments.of("{\"responsibleUserId\":0}", "responsibleUserId: must be a positive integer"),
        Arguments.of("{\"routeToOwner\":\"yes\"}", "routeToOwner: must be true or false"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("invalid")
  void decodeShouldAnswer400NamingTheFieldWhenValueIsInvalid(String patch, String message) {
    JsonObject json = new JsonObject(SALES).mergeIn(new JsonObject(patch));

    assertThatThrownBy(() -> LineJson.decode(json))
        .isInstanceOfSatisfying(LinehubException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
          assertThat(e.getMessage()).startsWith(message);
        });
  }
}
