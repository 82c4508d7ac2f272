package io.linehub.openlines.email;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Reading e-mails as mail programs write them (RFC 5322 text, multipart/alternative, replies). */
class MailParserTest {

  static MimeMessage mime(String raw) throws Exception {
    return new MimeMessage(Session.getInstance(new Properties()),
        new ByteArrayInputStream(raw.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void replyShouldNameItsThreadAndLoseTheQuotedConversation() throws Exception {
    MailParser.Mail mail = MailParser.parse(mime("""
        From: "Kerry Fisher" <Kerry@Example.org>
        To: support@example.com
        Subject: Re: Order 1234 is late
        Message-ID: <c3@example.org>
        In-Reply-To: <reply-7.abc@example.com>
        References: <c1@example.org> <reply-7.abc@example.com>
        Date: Mon, 30 Nov 2026 10:00:00 +0000
        Content-Type: text/plain; charset=UTF-8

        Thank you, that helps.

        On Mon, 30 Nov 2026 at 09:00, Support <support@example.com> wrote:
        > We are on it.
        """));

    assertThat(mail.messageId()).isEqualTo("<c3@example.org>");
    assertThat(mail.referenced()).containsExactly("<c1@example.org>", "<reply-7.abc@example.com>");
    assertThat(mail.fromAddress()).isEqualTo("kerry@example.org");
    assertThat(mail.fromName()).isEqualTo("Kerry Fisher");
    assertThat(mail.text()).isEqualTo("Re: Order 1234 is late\n\nThank you, that helps.");
  }

  @Test
  void htmlOnlyMailShouldBeReadAsText() throws Exception {
    MailParser.Mail mail = MailParser.parse(mime("""
        From: vera@example.com
        Subject: Hi
        Message-ID: <h1@example.com>
        MIME-Version: 1.0
        Content-Type: multipart/alternative; boundary="b1"

        --b1
        Content-Type: text/html; charset=UTF-8

        <html><style>p{}</style><body><p>Hello &amp; welcome</p><br>Second line</body></html>
        --b1--
        """));

    assertThat(mail.text()).contains("Hello & welcome").contains("Second line").doesNotContain("<p>", "p{}");
    assertThat(mail.referenced()).isEmpty();
  }

  @Test
  void plainPartShouldWinOverHtmlAndAttachmentsBeIgnored() throws Exception {
    MailParser.Mail mail = MailParser.parse(mime("""
        From: vera@example.com
        Subject: Invoice
        Message-ID: <m1@example.com>
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="outer"

        --outer
        Content-Type: multipart/alternative; boundary="inner"

        --inner
        Content-Type: text/plain; charset=UTF-8

        See the invoice attached.
        --inner
        Content-Type: text/html; charset=UTF-8

        <p>See the <b>invoice</b> attached.</p>
        --inner--
        --outer
        Content-Type: text/plain; name="notes.txt"
        Content-Disposition: attachment; filename="notes.txt"

        attached notes, not the message
        --outer--
        """));

    assertThat(mail.text()).isEqualTo("Invoice\n\nSee the invoice attached.");
  }

  @Test
  void autoRepliesAndBouncesShouldBeRecognised() throws Exception {
    assertThat(MailParser.automatic(mime("From: a@b.c\nAuto-Submitted: auto-replied\nSubject: Out of office\n\nx\n")))
        .isTrue();
    assertThat(MailParser.automatic(mime("From: a@b.c\nPrecedence: bulk\nSubject: News\n\nx\n"))).isTrue();
    assertThat(MailParser.automatic(mime("From: a@b.c\nAuto-Submitted: no\nSubject: Hi\n\nx\n"))).isFalse();
  }

  @Test
  void smtpFailuresShouldBeFinalOnlyFor5xx() {
    assertThat(MailSender.result(new RuntimeException("550 5.1.1 mailbox unavailable")))
        .isInstanceOf(io.linehub.openlines.connector.SendResult.Failed.class);
    assertThat(MailSender.result(new RuntimeException("451 4.3.0 try again later")))
        .isInstanceOf(io.linehub.openlines.connector.SendResult.Retry.class);
    assertThat(MailSender.result(new RuntimeException("Connection refused")))
        .isInstanceOf(io.linehub.openlines.connector.SendResult.Retry.class);
  }
}
