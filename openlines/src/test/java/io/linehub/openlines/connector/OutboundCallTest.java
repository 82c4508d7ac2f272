package io.linehub.openlines.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an OutboundCall shows in logs: never a token, in the path or in the query. */
class OutboundCallTest {

  @Test
  void toStringShouldHideTheBotTokenInThePath() {
    OutboundCall call = new OutboundCall("POST", "https://api.telegram.org/bot123456:ABC-DEF/sendMessage",
        Map.of(), "");

    assertThat(call.toString()).isEqualTo("OutboundCall[POST https://api.telegram.org/bot***/sendMessage]");
  }

  @Test
  void toStringShouldHideTheQueryAndTheHeaders() {
    OutboundCall call = new OutboundCall("POST",
        "https://graph.facebook.com/v21.0/me/messages?access_token=EAAB%2Fsecret&x=1",
        Map.of("Authorization", "Bearer EAAG-secret"), "{}");

    assertThat(call.toString()).isEqualTo("OutboundCall[POST https://graph.facebook.com/v21.0/me/messages?***]")
        .doesNotContain("secret");
  }

  @Test
  void toStringShouldKeepAPlainUrl() {
    String url = "https://graph.facebook.com/v21.0/106540352242922/messages";
    OutboundCall call = new OutboundCall("POST", url, Map.of(), "");

    assertThat(call.toString()).isEqualTo("OutboundCall[POST " + url + "]");
  }
}
