package io.linehub.openlines;

import io.linehub.openlines.connector.ChannelConfig;
import io.linehub.openlines.connector.InboundEvent;
import io.linehub.openlines.email.EmailConnector;
import io.linehub.openlines.email.MailParser;
import io.linehub.openlines.email.MailStore;
import io.linehub.openlines.email.Mailbox;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The mailbox readers of the e-mail channels: one per enabled channel, restarted when its settings
 * change, stopped when it goes. What they read goes into the inbox like any customer message.
 */
final class Mailboxes {

  /** Stores a customer's events in the inbox (the engine's intake). */
  interface Intake {
    Future<Integer> store(String channelId, List<InboundEvent> events, Buffer payload);
  }

  private final MailStore mail;
  private final Intake intake;
  private final Map<String, Mailbox> running = new ConcurrentHashMap<>();

  Mailboxes(MailStore mail, Intake intake) {
    this.mail = mail;
    this.intake = intake;
  }

  /** Starts the reader of every enabled e-mail channel and stops those changed or switched off. */
  void reconcile(List<Channel> all) {
    Set<String> wanted = new HashSet<>();
    for (Channel channel : all) {
      if (!channel.enabled() || !EmailConnector.KIND.equals(channel.config().kind())) {
        continue;
      }
      wanted.add(channel.id());
      Mailbox current = running.get(channel.id());
      if (current != null && current.channel().equals(channel.config())) {
        continue;
      }
      if (current != null) {
        current.stop();
      }
      Mailbox mailbox = new Mailbox(channel.config(), mail, this::received);
      running.put(channel.id(), mailbox);
      mailbox.start();
    }
    running.keySet().removeIf(id -> {
      if (!wanted.contains(id)) {
        running.get(id).stop();
        return true;
      }
      return false;
    });
  }

  void stopAll() {
    running.values().forEach(Mailbox::stop);
    running.clear();
  }

  /**
   * An e-mail read from a channel's mailbox: its thread is found (a reply continues its thread's
   * session, a new thread opens a new one) and it goes into the inbox like any customer message.
   */
  private Future<Void> received(ChannelConfig channel, MailParser.Mail received, byte[] raw) {
    return mail.thread(channel.id(), received.messageId(), received.referenced())
        .compose(thread -> mail.customerWrote(channel.id(), thread, received.fromAddress(), received.subject(),
                received.messageId(), received.referenced())
            .compose(ignored -> intake.store(channel.id(), List.of(new InboundEvent.Message("mail:"
                + received.messageId(), "thread:" + thread,
                received.fromName() == null ? received.fromAddress() : received.fromName(),
                received.text(), List.of(io.linehub.api.crm.Identity.email(received.fromAddress())),
                received.sentAt())), Buffer.buffer(raw))))
        .mapEmpty();
  }
}
