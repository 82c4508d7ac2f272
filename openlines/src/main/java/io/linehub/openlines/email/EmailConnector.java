package io.linehub.openlines.email;

import io.linehub.api.error.ErrorCode;
import io.linehub.api.error.LinehubException;
import io.linehub.openlines.connector.ChannelConfig;
import io.linehub.openlines.connector.Connector;
import io.linehub.openlines.connector.OutboundCall;
import io.linehub.openlines.connector.Outgoing;
import io.linehub.openlines.connector.Parsed;
import io.linehub.openlines.connector.ProviderResponse;
import io.linehub.openlines.connector.SendResult;
import io.linehub.openlines.connector.Webhook;

/**
 * The shared mailbox's channel. Mail is not pushed by a webhook: the engine reads the mailbox over
 * IMAP ({@link Mailbox}) and replies over SMTP ({@link MailSender}).
 *
 * <p>Settings: {@code address} (the mailbox's own address, the replies' From), {@code imapHost},
 * {@code imapPort} (993), {@code imapSecurity} ({@code ssl}, {@code starttls} or {@code none}),
 * {@code smtpHost}, {@code smtpPort} (587), {@code smtpSecurity} ({@code starttls}, {@code ssl},
 * {@code none}), {@code folder} (INBOX), {@code pollSeconds} (60; IDLE wakes it sooner where the
 * server has it). Secrets: {@code username}, {@code password} (IMAP and SMTP), optionally
 * {@code smtpUsername}, {@code smtpPassword}.
 */
public final class EmailConnector implements Connector {

  public static final String KIND = "email";

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public void verify(Webhook hook, ChannelConfig channel) {
    throw new LinehubException(ErrorCode.METHOD_NOT_ALLOWED, "an e-mail channel takes no webhooks: its mailbox is read");
  }

  @Override
  public Parsed parse(Webhook hook, ChannelConfig channel) {
    throw new LinehubException(ErrorCode.METHOD_NOT_ALLOWED, "an e-mail channel takes no webhooks");
  }

  @Override
  public OutboundCall render(Outgoing message, ChannelConfig channel) {
    throw new IllegalStateException("e-mail replies go over SMTP");
  }

  @Override
  public SendResult interpret(ProviderResponse response) {
    throw new IllegalStateException("e-mail replies go over SMTP");
  }
}
