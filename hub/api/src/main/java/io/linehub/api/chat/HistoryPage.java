package io.linehub.api.chat;

import java.util.List;

/** Reply of {@link ChatAddresses#HISTORY}: messages in seq order. */
public record HistoryPage(List<ChatMessage> messages) {

  public HistoryPage {
    messages = messages == null ? List.of() : List.copyOf(messages);
  }
}
