package io.linehub.api.chat;

/** Event-bus addresses of the chat module. */
public final class ChatAddresses {

  /**
   * Published (cluster-wide) after a message is committed: {@link ChatMessage}. Every node's chat
   * fan-out delivers it to the local connections of the dialog's members.
   */
  public static final String POSTED = "chat.message.posted";
  /** Published after a message was edited or deleted by its author: the {@link ChatMessage} as it is now. */
  public static final String CHANGED = "chat.message.changed";
  /** Published after a dialog's members changed: {@link MembersChanged}. */
  public static final String MEMBERS_CHANGED = "chat.members.changed";
  /** Published after a member's read state moved forward: {@link ReadReceipt}. */
  public static final String READ = "chat.read";
  /** Published when a person's chat presence changes: {@link PersonPresence}. */
  public static final String PRESENCE = "chat.presence";
  /** Published when a member types: {@link Typing}; not stored. */
  public static final String TYPING = "chat.typing";
  /** Request: {@link OpenlineDialogRequest}, reply {@link OpenlineDialog} — openlines' session dialogs. */
  public static final String OPENLINE_OPEN = "chat.openline.open";
  /** Request: {@link ExternalPost}, reply the committed {@link ChatMessage}. */
  public static final String OPENLINE_POST = "chat.openline.post";
  /** Request: {@link SetMembers}, reply {@link MembersChanged}. */
  public static final String OPENLINE_MEMBERS = "chat.openline.members";
  /** Request: {@link HistoryRequest}, reply {@link HistoryPage}. */
  public static final String HISTORY = "chat.history";
  /**
   * Request: {@link GuestUploads}, reply {@link GuestUploads} with the ids that are the guest's own
   * unsent uploads — what openlines checks before it accepts a visitor's message with files.
   */
  public static final String GUEST_UPLOADS = "chat.attachments.guest-uploads";
  /** Published by openlines: {@link DeliveryStatus} of an operator's message to a customer. */
  public static final String DELIVERY = "chat.delivery";

  private ChatAddresses() {
  }
}
