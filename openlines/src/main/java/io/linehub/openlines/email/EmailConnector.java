package io.linehub.openlines.email;

import io.linehub.openlines.connector.OwnTransportConnector;

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
public final class EmailConnector extends OwnTransportConnector {

  public static final String KIND = "email";

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  protected String transport() {
    return "its mailbox is read over IMAP and answered over SMTP";
  }
}
