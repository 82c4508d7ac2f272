package io.linehub.openlines.email;

import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an e-mail into what the engine needs: who wrote, about what, the new text (without the
 * quoted conversation below it), and the ids that place it in a thread.
 */
public final class MailParser {

  /** An e-mail, read. */
  public record Mail(String messageId, List<String> referenced, String fromAddress, String fromName, String subject,
      String text, Instant sentAt) {
  }

  private static final Pattern ID = Pattern.compile("<[^<>\\s]+>");
  private static final int MAX_TEXT = 4000;

  private MailParser() {
  }

  public static Mail parse(MimeMessage message) throws MessagingException, IOException {
    InternetAddress from = message.getFrom() == null || message.getFrom().length == 0 ? null
        : (InternetAddress) message.getFrom()[0];
    String id = message.getMessageID();
    List<String> referenced = new ArrayList<>();
    // References lists the thread from its root; In-Reply-To names the message answered.
    ids(message.getHeader("References", " "), referenced);
    ids(message.getHeader("In-Reply-To", " "), referenced);
    String subject = message.getSubject() == null ? "(no subject)" : message.getSubject().strip();
    String body = newText(plainText(message));
    String text = subject + "\n\n" + body;
    if (text.length() > MAX_TEXT) {
      text = text.substring(0, MAX_TEXT - 1) + "…";
    }
    Instant sent = message.getSentDate() == null ? null : message.getSentDate().toInstant();
    return new Mail(id == null ? null : id.strip(), referenced, from == null ? null : from.getAddress().toLowerCase(),
        from == null ? null : from.getPersonal(), subject, text, sent);
  }

  private static void ids(String header, List<String> into) {
    if (header == null) {
      return;
    }
    Matcher m = ID.matcher(header);
    while (m.find()) {
      if (!into.contains(m.group())) {
        into.add(m.group());
      }
    }
  }

  /** The text/plain content, else the text/html content without its tags. */
  static String plainText(Part part) throws MessagingException, IOException {
    String plain = find(part, "text/plain");
    if (plain != null) {
      return plain;
    }
    String html = find(part, "text/html");
    return html == null ? "" : html.replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", " ")
        .replaceAll("(?i)<br\\s*/?>|</p>", "\n").replaceAll("<[^>]+>", " ").replace("&nbsp;", " ")
        .replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replaceAll("[ \\t]+", " ").strip();
  }

  private static String find(Part part, String type) throws MessagingException, IOException {
    if (part.isMimeType(type) && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
      Object content = part.getContent();
      return content instanceof String s ? s : null;
    }
    if (part.isMimeType("multipart/*")) {
      Multipart multipart = (Multipart) part.getContent();
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart child = multipart.getBodyPart(i);
        String found = find(child, type);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /** The text above the quoted conversation: from "On … wrote:" or the first quoted line on, it goes. */
  static String newText(String text) {
    List<String> kept = new ArrayList<>();
    for (String line : text.replace("\r\n", "\n").split("\n", -1)) {
      String trimmed = line.strip();
      if (trimmed.startsWith(">") || trimmed.matches("(?i)^(on .+ wrote:|-----\\s*original message\\s*-----)$")
          || trimmed.matches("^\\d{1,2}[./]\\d{1,2}[./]\\d{2,4}.*(wrote|пишет|escreveu):$")) {
        break;
      }
      kept.add(line);
    }
    String out = String.join("\n", kept).strip();
    return out.isEmpty() ? text.strip() : out;
  }

  /** Whether a message is a bounce or an auto-reply, which must not open sessions or be answered. */
  public static boolean automatic(Message message) throws MessagingException {
    String[] auto = message.getHeader("Auto-Submitted");
    if (auto != null && auto.length > 0 && !"no".equalsIgnoreCase(auto[0].strip())) {
      return true;
    }
    String[] precedence = message.getHeader("Precedence");
    return precedence != null && precedence.length > 0
        && precedence[0].strip().toLowerCase().matches("bulk|junk|list|auto_reply");
  }
}
