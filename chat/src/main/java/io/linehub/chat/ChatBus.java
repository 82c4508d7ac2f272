package io.linehub.chat;

import io.linehub.api.bus.BusReplies;
import io.linehub.api.chat.ChatAddresses;
import io.linehub.api.chat.ExternalPost;
import io.linehub.api.chat.GuestUploads;
import io.linehub.api.chat.HistoryPage;
import io.linehub.api.chat.HistoryRequest;
import io.linehub.api.chat.OpenlineDialogRequest;
import io.linehub.api.chat.SetMembers;
import io.linehub.api.error.LinehubException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.List;
import java.util.function.Function;

/**
 * What other modules ask of chat over the event bus (hub-api contracts): openlines opens its
 * sessions' dialogs, writes the customers' messages into them and changes their operators, and
 * checks a visitor's files before it accepts their message. Every
 * reply comes after the commit; a failure is the usual coded reply failure.
 */
final class ChatBus {

  private final Vertx vertx;
  private final Chat chat;
  private final Attachments attachments;
  private List<MessageConsumer<?>> consumers = List.of();

  ChatBus(Vertx vertx, Chat chat, Attachments attachments) {
    this.vertx = vertx;
    this.chat = chat;
    this.attachments = attachments;
  }

  Future<Void> start() {
    var bus = vertx.eventBus();
    consumers = List.of(
        bus.<OpenlineDialogRequest>consumer(ChatAddresses.OPENLINE_OPEN, m -> answer(m, chat::openline)),
        bus.<ExternalPost>consumer(ChatAddresses.OPENLINE_POST, m -> answer(m, chat::postExternal)),
        bus.<SetMembers>consumer(ChatAddresses.OPENLINE_MEMBERS, m -> answer(m, chat::setMembers)),
        bus.<HistoryRequest>consumer(ChatAddresses.HISTORY, m -> answer(m, request ->
            chat.store().after(request.dialogId(), request.afterSeq(), Math.max(1, Math.min(request.limit(), 500)))
                .map(HistoryPage::new))),
        bus.<GuestUploads>consumer(ChatAddresses.GUEST_UPLOADS, m -> answer(m, request ->
            request.uploaderRef() == null || request.attachmentIds().size() > Chat.MAX_ATTACHMENTS
                ? Future.failedFuture(LinehubException.badRequest("uploaderRef and up to " + Chat.MAX_ATTACHMENTS
                    + " attachment ids"))
                : attachments.unsentOf(request.uploaderRef(), request.attachmentIds())
                    .map(ids -> new GuestUploads(request.uploaderRef(), ids)))));
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).mapEmpty();
  }

  Future<Void> stop() {
    return Future.all(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
  }

  private static <T, R> void answer(Message<T> message, Function<T, Future<R>> action) {
    Future<R> result;
    try {
      result = message.body() == null ? Future.failedFuture(LinehubException.badRequest("empty request"))
          : action.apply(message.body());
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    BusReplies.reply(message, result);
  }
}
