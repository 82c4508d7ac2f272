package io.linehub.api.chat;

import java.util.List;

/**
 * Request on {@link ChatAddresses#GUEST_UPLOADS}, and its reply: of {@code attachmentIds}, the
 * reply keeps those that are {@code uploaderRef}'s own uploads, not yet sent in a message — what a
 * guest's message may carry. openlines asks before it accepts a visitor's message with files.
 */
public record GuestUploads(String uploaderRef, List<Long> attachmentIds) {

  public GuestUploads {
    attachmentIds = attachmentIds == null ? List.of() : List.copyOf(attachmentIds);
  }
}
