package io.linehub.api.chat;

import java.util.List;

/**
 * Request on {@link ChatAddresses#OPENLINE_MEMBERS}: operators join or leave an {@code openline}
 * dialog (routing assigned it, a transfer, a supervisor looking in). A joiner's connections get the
 * whole conversation so far. Reply: the {@link MembersChanged} it published.
 *
 * @param dialogId an openline dialog
 * @param add users to make members
 * @param remove users who are members no more
 * @param note a system message to post with the change ("Operator Anna joined"), or null
 */
public record SetMembers(long dialogId, List<Long> add, List<Long> remove, String note) {

  public SetMembers {
    add = add == null ? List.of() : List.copyOf(add);
    remove = remove == null ? List.of() : List.copyOf(remove);
  }
}
