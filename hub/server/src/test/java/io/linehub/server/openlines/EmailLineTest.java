package io.linehub.server.openlines;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.linehub.server.RunningHub;
import io.linehub.server.chat.ChatClient;
import io.linehub.server.openlines.TelegramLineTest.Operator;
import io.linehub.testkit.BlockedThreadCounter;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An e-mail line end to end against a real SMTP/IMAP server (GreenMail, in this JVM): the shared
 * mailbox read over IMAP, the operator's reply sent over SMTP with proper threading, the customer's
 * answer continuing the session, a new thread opening a new one.
 */
class EmailLineTest {

  @TempDir
  static Path dataDir;
  static RunningHub hub;
  static GreenMail mail;
  static ServerSetup smtp;

  @BeforeAll
  static void start() {
    ServerSetup[] setups = ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP);
    mail = new GreenMail(setups);
    mail.start();
    smtp = mail.getSmtp().getServerSetup();
    mail.setUser("support@example.com", "support", "mailbox-secret");
    mail.setUser("kerry@example.org", "kerry", "kerry-secret");
    hub = RunningHub.start(dataDir, Map.of());
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
    if (mail != null) {
      mail.stop();
    }
    assertThat(BlockedThreadCounter.reports()).as("event-loop blocked warnings").isEmpty();
  }

  @Test
  void mailShouldReachTheOperatorAndTheReplyThreadBackToTheCustomer() throws Exception {
    String admin = hub.adminToken();
    Operator mia = Operator.create(hub, "mail-mia");
    var created = hub.send("POST", "/api/v1/openlines/channels", admin, new JsonObject().put("id", "mail")
        .put("kind", "email").put("lineId", "mail-line").put("name", "support@example.com")
        .put("settings", new JsonObject().put("address", "support@example.com")
            .put("imapHost", "127.0.0.1").put("imapPort", String.valueOf(mail.getImap().getPort()))
            .put("imapSecurity", "none")
            .put("smtpHost", "127.0.0.1").put("smtpPort", String.valueOf(mail.getSmtp().getPort()))
            .put("smtpSecurity", "none").put("pollSeconds", "1"))
        .put("secrets", new JsonObject().put("username", "support").put("password", "mailbox-secret")));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    assertThat(created.bodyAsString()).doesNotContain("mailbox-secret");

    try (ChatClient ws = mia.connect(hub)) {
      TelegramLineTest.line(hub, admin, "mail-line", mia);
      String first = send("Order 1234 is late", "Hello,\nmy order 1234 has not arrived.\nKerry", null);

      JsonObject offer = ws.next(f -> "offer".equals(f.getString("type")));
      assertThat(offer.getString("customer")).isEqualTo("Kerry Fisher");
      ws.call("accept", new JsonObject().put("ticketId", offer.getString("ticketId")));
      long dialog = ws.next(f -> "dialog".equals(f.getString("type"))).getLong("dialogId");
      assertThat(ws.messages(dialog, 1).get(0).getString("text"))
          .startsWith("Order 1234 is late").contains("my order 1234 has not arrived");

      ws.call("send", new JsonObject().put("dialogId", dialog).put("text", "We are on it, Kerry."));
      MimeMessage reply = awaitMailTo("kerry@example.org", 1);
      assertThat(reply.getSubject()).isEqualTo("Re: Order 1234 is late");
      assertThat(reply.getFrom()[0].toString()).isEqualTo("support@example.com");
      assertThat(reply.getHeader("In-Reply-To", null)).isEqualTo(first);
      assertThat(reply.getHeader("References", null)).contains(first);
      assertThat(GreenMailUtil.getBody(reply)).contains("We are on it, Kerry.");
      ws.next(f -> "delivery".equals(f.getString("type")) && "sent".equals(f.getString("status")));

      // Kerry answers our reply (her program names only In-Reply-To) with the conversation quoted.
      send("Re: Order 1234 is late", "Thank you!\n\nOn Mon, Support wrote:\n> We are on it, Kerry.",
          reply.getMessageID());
      JsonObject answer = ws.next(f -> "message".equals(f.getString("type"))
          && f.getJsonObject("message").getLong("dialogId") == dialog
          && "external".equals(f.getJsonObject("message").getString("kind"))
          && f.getJsonObject("message").getString("text").contains("Thank you!")).getJsonObject("message");
      assertThat(answer.getString("text")).as("the quoted conversation is cut").doesNotContain("> We are on it");

      send("Another question", "Do you ship to Lisbon?", null);
      JsonObject second = ws.next(f -> "offer".equals(f.getString("type")));
      assertThat(second.getString("ticketId")).as("a new thread is a new session")
          .isNotEqualTo(offer.getString("ticketId"));
    }
  }

  /** Kerry sends a message to the support mailbox; returns its Message-ID. */
  static String send(String subject, String body, String inReplyTo) throws Exception {
    Session session = GreenMailUtil.getSession(smtp);
    MimeMessage message = new MimeMessage(session);
    message.setFrom(new InternetAddress("kerry@example.org", "Kerry Fisher"));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress("support@example.com"));
    message.setSubject(subject);
    message.setText(body, "UTF-8");
    if (inReplyTo != null) {
      message.setHeader("In-Reply-To", inReplyTo);
    }
    message.saveChanges();
    Transport.send(message);
    return message.getMessageID();
  }

  static MimeMessage awaitMailTo(String address, int count) throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      MimeMessage[] to = Arrays.stream(mail.getReceivedMessages()).filter(m -> {
        try {
          return Arrays.stream(m.getAllRecipients()).anyMatch(r -> r.toString().contains(address));
        } catch (Exception e) {
          return false;
        }
      }).toArray(MimeMessage[]::new);
      if (to.length >= count) {
        return to[count - 1];
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no mail to " + address + " within 30 s");
  }
}
