package io.linehub.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class CsvTest {

  @Test
  void fieldShouldStayBareWhenTextNeedsNoQuoting() {
    assertThat(Csv.field("line-1")).isEqualTo("line-1");
    assertThat(Csv.field(42L)).isEqualTo("42");
    assertThat(Csv.field(12.5)).isEqualTo("12.5");
    assertThat(Csv.field(" padded ")).isEqualTo(" padded ");
  }

  @Test
  void fieldShouldBeQuotedWithQuotesDoubledWhenTextHoldsQuotes() {
    assertThat(Csv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(Csv.field("\"")).isEqualTo("\"\"\"\"");
  }

  @Test
  void fieldShouldBeQuotedWhenTextHoldsCommaOrLineBreak() {
    assertThat(Csv.field("Ivanov, Ivan")).isEqualTo("\"Ivanov, Ivan\"");
    assertThat(Csv.field("two\nlines")).isEqualTo("\"two\nlines\"");
    assertThat(Csv.field("cr\rhere")).isEqualTo("\"cr\rhere\"");
    assertThat(Csv.field("crlf\r\n")).isEqualTo("\"crlf\r\n\"");
  }

  @Test
  void fieldShouldBeEmptyWhenValueIsNullAndKeepEmptyStringApart() {
    assertThat(Csv.field(null)).isEmpty();
    StringBuilder out = new StringBuilder();
    Csv.appendRecord(out, Arrays.asList(null, "", null));
    assertThat(out).hasToString(",," + Csv.EOL);
  }

  @Test
  void fieldShouldKeepUnicodeAsIsWhenTextIsNotAscii() {
    String text = "Ольга Петрова — «звонок» 📞";
    assertThat(Csv.field(text)).isEqualTo(text);
    assertThat(Csv.field(text).getBytes(StandardCharsets.UTF_8)).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void tableShouldWriteHeaderThenRowsInColumnOrderWhenRowsHaveOtherKeyOrder() {
    var table = new Csv.Table(List.of("lineId", "customer", "waitSec"), List.of(
        new JsonObject().put("waitSec", 12.5).put("lineId", "sales").put("customer", "Ivanov, \"VIP\""),
        new JsonObject().put("lineId", "support").putNull("customer").put("waitSec", 3).put("extra", "ignored")));

    assertThat(table.toCsv()).isEqualTo("lineId,customer,waitSec\r\n"
        + "sales,\"Ivanov, \"\"VIP\"\"\",12.5\r\n"
        + "support,,3\r\n");
  }

  @Test
  void tableShouldBeHeaderOnlyWhenThereAreNoRows() {
    assertThat(new Csv.Table(List.of("day", "source"), List.of()).toCsv()).isEqualTo("day,source\r\n");
  }
}
