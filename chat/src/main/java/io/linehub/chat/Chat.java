package io.linehub.chat;

import io.linehub.api.chat.ChatAddresses;
import io.linehub.api.chat.ChatMessage;
import io.linehub.api.chat.ExternalPost;
import io.linehub.api.chat.OpenlineDialog;
import io.linehub.api.chat.OpenlineDialogRequest;
import io.linehub.api.chat.SetMembers;
import io.linehub.api.chat.MembersChanged;
import io.linehub.api.chat.ReadReceipt;
import io.linehub.api.chat.Typing;
import io.linehub.api.error.LinehubException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * What people do in chat, the same for the WebSocket and REST: every change is committed first and
 * published on the event bus after, so a connection anywhere in the cluster hears of it only once
 * it is durable.
 */
public final class Chat {

  /** Longest message text, in characters. */
  public static final int MAX_TEXT = 4000;
  /** Longest client message id. */
  static final int MAX_CLIENT_ID = 64;

  private final Vertx vertx;
  private final PgChatStore store;
  /**
   * Group commit for sends: messages sent while earlier ones are being stored go to the database
   * together, in one transaction (one WAL flush for many messages), two transactions at most in
   * flight (they lock dialogs in the same order, so they cannot deadlock).
   */
  private final io.linehub.api.batch.GroupCommit<PgChatStore.Draft, Future<PgChatStore.Posted>> sends;
  private final Attachments attachments;

  public Chat(Vertx vertx, PgChatStore store, Attachments attachments) {
    this.vertx = vertx;
    this.store = store;
    this.sends = new io.linehub.api.batch.GroupCommit<>(store::postMany, 2, 256, false);
    this.attachments = attachments;
  }

  public PgChatStore store() {
    return store;
  }

  /** Files one message may carry at most. */
  public static final int MAX_ATTACHMENTS = 10;

  /**
   * Stores and announces a message: text, uploaded attachments (their ids), or both; a resend of a
   * stored client id answers the stored one.
   */
  public Future<PgChatStore.Posted> send(long userId, long dialogId, String clientId, String text, Long quoteSeq,
      List<Long> attachments) {
    List<Long> files = attachments == null ? List.of() : attachments;
    LinehubException invalid = invalidFiles(files);
    if (invalid != null) {
      return Future.failedFuture(invalid);
    }
    invalid = files.isEmpty() || text != null && !text.isEmpty() ? invalidText(text) : null;
    if (invalid != null) {
      return Future.failedFuture(invalid);
    }
    if (clientId != null && (clientId.isBlank() || clientId.length() > MAX_CLIENT_ID)) {
      return Future.failedFuture(LinehubException.badRequest("clientId: 1 to " + MAX_CLIENT_ID + " characters"));
    }
    // Stored with the sends of the same moment in one transaction; the answer comes back on the
    // caller's context, like a query of its own would.
    return sends.submit(new PgChatStore.Draft(dialogId, userId, clientId, text == null ? "" : text, quoteSeq, files))
        .compose(stored -> stored)
        .onSuccess(posted -> {
          if (!posted.duplicate()) {
            vertx.eventBus().publish(ChatAddresses.POSTED, posted.message());
          }
        });
  }

  /**
   * A message into an openline dialog that no signed-in person wrote: the customer's
   * ({@code external}) or the session engine's ({@code system}). Stored with the sends of the same
   * moment (group commit), idempotent on the client id within the dialog.
   */
  public Future<ChatMessage> postExternal(ExternalPost post) {
    if (!"external".equals(post.kind()) && !"system".equals(post.kind())) {
      return Future.failedFuture(LinehubException.badRequest("kind: external or system"));
    }
    List<Long> files = post.attachments();
    LinehubException invalid = invalidFiles(files);
    if (invalid == null && (files.isEmpty() || post.text() != null && !post.text().isEmpty())) {
      invalid = invalidText(post.text());
    }
    if (invalid == null && !files.isEmpty() && (post.uploaderRef() == null || post.uploaderRef().isBlank())) {
      invalid = LinehubException.badRequest("uploaderRef: required with attachments");
    }
    if (invalid != null) {
      return Future.failedFuture(invalid);
    }
    if (post.clientId() != null && (post.clientId().isBlank() || post.clientId().length() > MAX_CLIENT_ID)) {
      return Future.failedFuture(LinehubException.badRequest("clientId: 1 to " + MAX_CLIENT_ID + " characters"));
    }
    return sends.submit(new PgChatStore.Draft(post.dialogId(), null, post.kind(), post.clientId(),
        post.text() == null ? "" : post.text(), null, files, files.isEmpty() ? null : post.uploaderRef()))
        .compose(stored -> stored).map(posted -> {
          if (!posted.duplicate()) {
            vertx.eventBus().publish(ChatAddresses.POSTED, posted.message());
          }
          return posted.message();
        });
  }

  /** The dialog of an open-line session, created on the first request. */
  public Future<OpenlineDialog> openline(OpenlineDialogRequest request) {
    if (request.externalRef() == null || request.externalRef().isBlank() || request.externalRef().length() > 200) {
      return Future.failedFuture(LinehubException.badRequest("externalRef: 1 to 200 characters"));
    }
    String title = request.title() == null || request.title().isBlank() ? "Customer" : request.title().strip();
    return store.openline(request.externalRef(), title.length() > 200 ? title.substring(0, 200) : title);
  }

  /**
   * Operators join or leave an openline dialog; the joiners' connections get the whole conversation
   * so far, and an optional note is posted as a system message.
   */
  public Future<MembersChanged> setMembers(SetMembers change) {
    return store.setMembers(change.dialogId(), change.add(), change.remove()).compose(changed -> {
      MembersChanged announced = new MembersChanged(changed.dialogId(), changed.joined(), changed.left(), 0);
      Future<?> note = change.note() == null || change.note().isBlank() ? Future.succeededFuture()
          : postExternal(new ExternalPost(change.dialogId(), "system", null, change.note()));
      return note.map(ignored -> {
        if (!announced.joined().isEmpty() || !announced.left().isEmpty()) {
          vertx.eventBus().publish(ChatAddresses.MEMBERS_CHANGED, announced);
        }
        return announced;
      });
    });
  }

  /** The author changes a message's text; every member's connections get it as {@code edited}. */
  public Future<ChatMessage> edit(long userId, long dialogId, long seq, String text) {
    LinehubException invalid = invalidText(text);
    if (invalid != null) {
      return Future.failedFuture(invalid);
    }
    return store.edit(dialogId, seq, userId, text).onSuccess(changed ->
        vertx.eventBus().publish(ChatAddresses.CHANGED, changed));
  }

  /**
   * The author deletes a message; every member's connections get {@code deleted}, and its files
   * are deleted from disk by a sweep started at once.
   */
  public Future<ChatMessage> delete(long userId, long dialogId, long seq) {
    return store.delete(dialogId, seq, userId).onSuccess(changed -> {
      vertx.eventBus().publish(ChatAddresses.CHANGED, changed);
      attachments.sweepNow();
    });
  }

  /** Full-text search in the caller's dialogs (or one of them), newest first. */
  public Future<List<ChatMessage>> search(long userId, String query, Long dialogId, int limit) {
    if (query == null || query.isBlank() || query.length() > 200) {
      return Future.failedFuture(LinehubException.badRequest("q: 1 to 200 characters"));
    }
    return store.search(userId, query, dialogId, Math.max(1, Math.min(limit, 100)));
  }

  /** The direct dialog of two people (created and announced on first use). */
  public Future<Long> direct(long userId, long otherId) {
    if (userId == otherId) {
      return Future.failedFuture(LinehubException.badRequest("userId: a direct dialog needs someone else"));
    }
    return store.direct(userId, otherId).onSuccess(id ->
        vertx.eventBus().publish(ChatAddresses.MEMBERS_CHANGED, new MembersChanged(id, List.of(userId, otherId),
            List.of(), 0)));
  }

  /** A new group dialog, announced to everyone in it. */
  public Future<Long> group(long owner, String title, boolean open, List<Long> members) {
    if (title == null || title.isBlank() || title.length() > 200) {
      return Future.failedFuture(LinehubException.badRequest("title: 1 to 200 characters"));
    }
    return store.group(owner, title, open, members).onSuccess(id -> {
      List<Long> everyone = new java.util.ArrayList<>(List.of(owner));
      members.stream().filter(m -> m != owner).distinct().forEach(everyone::add);
      vertx.eventBus().publish(ChatAddresses.MEMBERS_CHANGED, new MembersChanged(id, everyone, List.of(), 0));
    });
  }

  /** {@code userId} joins (an open group) or is invited by {@code by}; a system message says so. */
  public Future<Void> join(long dialogId, long userId, long by) {
    return store.join(dialogId, userId, by).compose(joined -> !joined ? Future.<Void>succeededFuture()
        : system(dialogId, by == userId ? "user " + userId + " joined" : "user " + by + " invited user " + userId)
            .map(message -> {
              vertx.eventBus().publish(ChatAddresses.MEMBERS_CHANGED,
                  new MembersChanged(dialogId, List.of(userId), List.of(), message.seq() - 1));
              return null;
            }));
  }

  /** {@code userId} leaves; a system message says so. */
  public Future<Void> leave(long dialogId, long userId) {
    return store.leave(dialogId, userId).compose(left -> {
      if (!left) {
        return Future.failedFuture(LinehubException.notFound("you are not a member of dialog " + dialogId));
      }
      return system(dialogId, "user " + userId + " left").map(message -> {
        vertx.eventBus().publish(ChatAddresses.MEMBERS_CHANGED,
            new MembersChanged(dialogId, List.of(), List.of(userId), message.seq()));
        return null;
      });
    });
  }

  /** The member has read up to {@code seq}; the other members' connections get a read receipt. */
  public Future<Long> read(long userId, long dialogId, long seq) {
    return store.markRead(dialogId, userId, seq).onSuccess(stored ->
        vertx.eventBus().publish(ChatAddresses.READ, new ReadReceipt(dialogId, userId, stored)));
  }

  /** Announces typing; nothing is stored, and only members may. */
  public Future<Void> typing(long userId, long dialogId) {
    return store.isMember(dialogId, userId).compose(member -> {
      if (!member) {
        return Future.failedFuture(LinehubException.forbidden("you are not a member of dialog " + dialogId));
      }
      vertx.eventBus().publish(ChatAddresses.TYPING, new Typing(dialogId, userId));
      return Future.succeededFuture();
    });
  }

  /** A page of history for a member: before or after a seq, oldest first. */
  public Future<List<ChatMessage>> history(long userId, long dialogId, Long before, Long after, int limit) {
    int page = Math.max(1, Math.min(limit, 200));
    return store.isMember(dialogId, userId).compose(member -> {
      if (!member) {
        return Future.failedFuture(LinehubException.forbidden("you are not a member of dialog " + dialogId));
      }
      return after != null ? store.after(dialogId, after, page)
          : store.before(dialogId, before == null ? Long.MAX_VALUE : before, page);
    });
  }

  /** What is wrong with a message's attachment ids, or null when nothing is. */
  private static LinehubException invalidFiles(List<Long> files) {
    if (files.size() > MAX_ATTACHMENTS || files.stream().anyMatch(id -> id == null || id <= 0)
        || files.stream().distinct().count() != files.size()) {
      return LinehubException.badRequest("attachments: up to " + MAX_ATTACHMENTS + " different attachment ids");
    }
    return null;
  }

  /** What is wrong with a message text, or null when nothing is. */
  private static LinehubException invalidText(String text) {
    if (text == null || text.isBlank()) {
      return LinehubException.badRequest("text: must not be empty");
    }
    if (text.length() > MAX_TEXT) {
      return LinehubException.badRequest("text: at most " + MAX_TEXT + " characters");
    }
    return null;
  }

  private Future<ChatMessage> system(long dialogId, String text) {
    return store.post(dialogId, null, null, "system", text, null).map(posted -> {
      vertx.eventBus().publish(ChatAddresses.POSTED, posted.message());
      return posted.message();
    });
  }
}
