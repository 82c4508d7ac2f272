package io.linehub.openlines.email;

import io.linehub.openlines.connector.ChannelConfig;
import io.linehub.openlines.connector.SendResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Operators' replies by SMTP (the Vert.x mail client, non-blocking), threaded so the customer's mail
 * program shows them in the conversation: {@code Re:} the thread's subject, {@code In-Reply-To} the
 * customer's last message, {@code References} the chain, and a Message-ID of ours that their reply
 * will name.
 */
public final class MailSender {

  private final Vertx vertx;
  private final Map<String, Client> clients = new ConcurrentHashMap<>();

  private record Client(MailConfig config, MailClient client) {
  }

  public MailSender(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Sends {@code text} as the reply in {@code thread}; the result reads the SMTP outcome. */
  public Future<SendResult> send(ChannelConfig channel, MailStore.Thread thread, long outboxId, String text) {
    String address = channel.setting("address", null);
    if (address == null) {
      return Future.succeededFuture(new SendResult.Failed("channel " + channel.id() + " has no 'address' setting"));
    }
    String domain = address.contains("@") ? address.substring(address.indexOf('@') + 1) : "linehub";
    String messageId = "<reply-" + outboxId + "." + UUID.randomUUID() + "@" + domain + ">";
    String subject = thread.subject().regionMatches(true, 0, "Re:", 0, 3) ? thread.subject() : "Re: " + thread.subject();
    String references = (thread.references() + " " + thread.lastMessageId()).strip();
    MailMessage mail = new MailMessage().setFrom(address).setTo(thread.customerAddress()).setSubject(subject)
        .setText(text)
        .addHeader("Message-ID", messageId)
        .addHeader("In-Reply-To", thread.lastMessageId())
        .addHeader("References", references)
        // Our replies are answers, not bulk: and they must not trigger the customer's auto-responder loops.
        .addHeader("Auto-Submitted", "no");
    return client(channel).sendMail(mail)
        .<SendResult>map(result -> new SendResult.Sent(messageId))
        .recover(failure -> Future.succeededFuture(result(failure)));
  }

  /** An SMTP 5xx is final; a 4xx, a lost connection or a timeout is worth a retry. */
  static SendResult result(Throwable failure) {
    String message = String.valueOf(failure.getMessage());
    java.util.regex.Matcher code = java.util.regex.Pattern.compile("\\b([45])\\d\\d\\b").matcher(message);
    if (code.find() && "5".equals(code.group(1))) {
      return new SendResult.Failed("SMTP: " + message);
    }
    return new SendResult.Retry(null, "SMTP: " + message);
  }

  private MailClient client(ChannelConfig channel) {
    MailConfig config = config(channel);
    Client current = clients.get(channel.id());
    if (current != null && current.config().toJson().equals(config.toJson())) {
      return current.client();
    }
    Client fresh = new Client(config, MailClient.create(vertx, config));
    Client replaced = clients.put(channel.id(), fresh);
    if (replaced != null) {
      replaced.client().close();
    }
    return fresh.client();
  }

  static MailConfig config(ChannelConfig channel) {
    String security = channel.setting("smtpSecurity", "starttls");
    String user = channel.secrets().getOrDefault("smtpUsername", channel.secrets().get("username"));
    String password = channel.secrets().getOrDefault("smtpPassword", channel.secrets().get("password"));
    MailConfig config = new MailConfig()
        .setHostname(channel.setting("smtpHost", "localhost"))
        .setPort(Integer.parseInt(channel.setting("smtpPort", "ssl".equals(security) ? "465" : "587")))
        .setSsl("ssl".equals(security))
        .setStarttls("starttls".equals(security) ? StartTLSOptions.REQUIRED : StartTLSOptions.DISABLED)
        .setKeepAlive(true)
        .setMaxPoolSize(4);
    if (user != null && password != null) {
      config.setUsername(user).setPassword(password).setLogin(LoginOption.REQUIRED);
    } else {
      config.setLogin(LoginOption.DISABLED);
    }
    return config;
  }

  public void close() {
    clients.values().forEach(c -> c.client().close());
    clients.clear();
  }
}
