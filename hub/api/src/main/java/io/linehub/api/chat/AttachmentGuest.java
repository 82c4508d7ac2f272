package io.linehub.api.chat;

import java.util.Set;

/**
 * A guest as chat's attachments see them.
 *
 * @param uploaderRef who uploads, stable across their connections (a site visitor:
 *     {@code site:<channel>:<customer key>}); their uploads are theirs until a message carries them
 * @param dialogIds the dialogs whose files they may fetch (a visitor: their sessions' dialogs)
 */
public record AttachmentGuest(String uploaderRef, Set<Long> dialogIds) {

  public AttachmentGuest {
    dialogIds = Set.copyOf(dialogIds);
  }
}
