package io.linehub.api.chat;

import java.util.List;

/**
 * A dialog's members changed.
 *
 * @param dialogId the dialog
 * @param joined users who became members
 * @param left users who are members no more
 * @param lastSeq the dialog's last seq when the change committed: a joiner's connections deliver
 *     every message after it
 */
public record MembersChanged(long dialogId, List<Long> joined, List<Long> left, long lastSeq) {

  public MembersChanged {
    joined = joined == null ? List.of() : List.copyOf(joined);
    left = left == null ? List.of() : List.copyOf(left);
  }
}
