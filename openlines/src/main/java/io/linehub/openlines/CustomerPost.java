package io.linehub.openlines;

import io.linehub.api.chat.ExternalPost;
import io.linehub.openlines.connector.InboundEvent;

/**
 * A customer's message as it goes into the session's chat dialog: an authorless {@code external}
 * message, idempotent on its inbox row, with the files a site visitor uploaded (chat links them to
 * the message in its transaction, only when they are that visitor's unsent uploads).
 */
final class CustomerPost {

  /** What the dialog shows when files checked at the visitor's send could not be linked after all. */
  static final String FILES_GONE = "[the attached file is not available]";

  private CustomerPost() {
  }

  static ExternalPost of(long dialogId, long inboxId, String channelId, InboundEvent.Message message) {
    return new ExternalPost(dialogId, "external", "inbox-" + inboxId, message.text(), message.attachments(),
        message.attachments().isEmpty() ? null : Visitors.uploaderRef(channelId, message.customerKey()));
  }

  /**
   * The same message without its files. Chat refused them: sent meanwhile in another message (two
   * tabs) or swept. The text is kept, the refusal noted, so the row is processed rather than retried
   * for ever.
   */
  static ExternalPost withoutFiles(ExternalPost post) {
    String text = post.text() == null || post.text().isEmpty() ? FILES_GONE : post.text() + "\n" + FILES_GONE;
    return new ExternalPost(post.dialogId(), post.kind(), post.clientId(), text);
  }
}
