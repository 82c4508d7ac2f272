package io.linehub.openlines;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.chat.ChatMessage;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What the widget is told a line's own message is: it shows rating stars or the callback form for them. */
class VisitorNotesTest {

  private static ChatMessage message(String kind, String clientId) {
    return new ChatMessage(1, 2, 3, null, clientId, kind, "text", null, Instant.now(), null, null, null);
  }

  @Test
  void theEnginesOwnMessagesShouldBeNamedByWhatTheyAre() {
    assertThat(VisitorSession.note(message("system", "closed-17"))).isEqualTo("closed");
    assertThat(VisitorSession.note(message("system", "auto-17-rating"))).isEqualTo("rating_request");
    assertThat(VisitorSession.note(message("system", "auto-17-fallback-sales-out_of_hours"))).isEqualTo("unavailable");
    assertThat(VisitorSession.note(message("system", "auto-17-greeting"))).isNull();
    assertThat(VisitorSession.note(message("system", "transfer-17-1"))).isNull();
  }

  @Test
  void peoplesMessagesShouldCarryNoNoteWhateverTheirId() {
    assertThat(VisitorSession.note(message("text", "closed-17"))).isNull();
    assertThat(VisitorSession.note(message("external", "auto-17-rating"))).isNull();
    assertThat(VisitorSession.note(message("system", null))).isNull();
  }
}
