package io.linehub.openlines.email;

import io.linehub.openlines.connector.ChannelConfig;
import io.vertx.core.Future;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One e-mail channel's shared mailbox, read over IMAP on a thread of its own (Angus Mail blocks):
 * every message with a UID past the stored position is handed to the engine, and the position
 * moves only after the engine committed it, so a crash re-reads at most the message in hand (and
 * the inbox's dedupe on the Message-ID makes that harmless). Between reads it waits in IMAP IDLE
 * when the server has it (new mail wakes it at once), woken at least every {@code pollSeconds};
 * without IDLE it polls. A broken connection is reopened with back-off.
 */
public final class Mailbox {

  private static final Logger LOG = LoggerFactory.getLogger(Mailbox.class);
  /** The largest raw message kept in the inbox's payload column. */
  static final int MAX_RAW = 1024 * 1024;

  /** Where a read message goes: completes once it is committed. */
  public interface Intake {
    Future<Void> received(ChannelConfig channel, MailParser.Mail mail, byte[] raw);
  }

  private final ChannelConfig channel;
  private final MailStore store;
  private final Intake intake;
  private final int pollSeconds;
  private volatile boolean running = true;
  private volatile Store imap;
  private volatile Folder folder;
  private Thread reader;
  private ScheduledExecutorService waker;

  public Mailbox(ChannelConfig channel, MailStore store, Intake intake) {
    this.channel = channel;
    this.store = store;
    this.intake = intake;
    this.pollSeconds = Math.max(1, Integer.parseInt(channel.setting("pollSeconds", "60")));
  }

  public ChannelConfig channel() {
    return channel;
  }

  public void start() {
    waker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "openlines-mail-wake-" + channel.id()));
    // A folder call from another thread ends an IDLE: the reader then reads and waits again.
    waker.scheduleWithFixedDelay(this::wake, pollSeconds, pollSeconds, TimeUnit.SECONDS);
    reader = daemon(this::loop, "openlines-mail-" + channel.id());
    reader.start();
  }

  public void stop() {
    running = false;
    if (waker != null) {
      waker.shutdownNow();
    }
    closeQuietly();
    if (reader != null) {
      reader.interrupt();
      try {
        reader.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void loop() {
    long backoffMs = 1_000;
    while (running) {
      try {
        connect();
        readNew();
        waitForMail();
        backoffMs = 1_000;
      } catch (Exception e) {
        if (!running) {
          break;
        }
        LOG.warn("Mailbox of channel {} failed, retrying in {} ms: {}", channel.id(), backoffMs, e.toString());
        closeQuietly();
        sleep(backoffMs);
        backoffMs = Math.min(60_000, backoffMs * 2);
      }
    }
  }

  private void connect() throws MessagingException {
    if (folder != null && folder.isOpen()) {
      return;
    }
    String security = channel.setting("imapSecurity", "ssl");
    String protocol = "ssl".equals(security) ? "imaps" : "imap";
    Properties props = new Properties();
    props.put("mail.store.protocol", protocol);
    props.put("mail." + protocol + ".host", channel.setting("imapHost", "localhost"));
    props.put("mail." + protocol + ".port", channel.setting("imapPort", "ssl".equals(security) ? "993" : "143"));
    props.put("mail." + protocol + ".connectiontimeout", "20000");
    // Longer than the wake-up interval, so an IDLE is always ended by the waker, never by the timeout.
    props.put("mail." + protocol + ".timeout", String.valueOf(Math.max(60, 3 * pollSeconds) * 1000));
    if ("starttls".equals(security)) {
      props.put("mail.imap.starttls.enable", "true");
      props.put("mail.imap.starttls.required", "true");
    }
    Store opened = Session.getInstance(props).getStore(protocol);
    opened.connect(channel.secrets().get("username"), channel.secrets().get("password"));
    Folder box = opened.getFolder(channel.setting("folder", "INBOX"));
    box.open(Folder.READ_ONLY);
    imap = opened;
    folder = box;
    LOG.info("Mailbox of channel {} open ({}://{}, IDLE {})", channel.id(), protocol,
        channel.setting("imapHost", "localhost"), idle() ? "yes" : "no: polling every " + pollSeconds + " s");
  }

  private void readNew() throws Exception {
    UIDFolder uids = (UIDFolder) folder;
    long validity = uids.getUIDValidity();
    MailStore.Position position = await(store.position(channel.id()));
    // A new UIDVALIDITY renumbers the mailbox: read it all again (the inbox drops what it has).
    long last = position == null || position.uidValidity() != validity ? 0 : position.lastUid();
    for (Message message : uids.getMessagesByUID(last + 1, UIDFolder.MAXUID)) {
      long uid = uids.getUID(message);
      if (uid <= last || !running) {
        continue;
      }
      MimeMessage mime = (MimeMessage) message;
      if (MailParser.automatic(mime)) {
        LOG.debug("Mailbox of channel {}: automatic message {} skipped", channel.id(), uid);
      } else {
        MailParser.Mail mail = MailParser.parse(mime);
        if (mail.messageId() == null) {
          mail = new MailParser.Mail("<uid-" + validity + "-" + uid + "@" + channel.id() + ".linehub>",
              mail.referenced(), mail.fromAddress(), mail.fromName(), mail.subject(), mail.text(), mail.sentAt());
        }
        if (mail.fromAddress() != null) {
          await(intake.received(channel, mail, raw(mime)));
        }
      }
      await(store.advance(channel.id(), validity, uid));
      last = uid;
    }
    if (position == null && last == 0) {
      await(store.advance(channel.id(), validity, 0));
    }
  }

  private void waitForMail() throws MessagingException {
    if (!running) {
      return;
    }
    if (idle()) {
      ((IMAPFolder) folder).idle(true);
    } else {
      sleep(pollSeconds * 1000L);
    }
  }

  private boolean idle() {
    try {
      return imap instanceof IMAPStore store && store.hasCapability("IDLE") && folder instanceof IMAPFolder;
    } catch (MessagingException e) {
      return false;
    }
  }

  private void wake() {
    Folder box = folder;
    if (box != null && box.isOpen()) {
      try {
        box.getMessageCount();
      } catch (Exception e) {
        LOG.debug("Mailbox of channel {}: wake-up failed: {}", channel.id(), e.toString());
      }
    }
  }

  private static byte[] raw(MimeMessage message) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    message.writeTo(out);
    byte[] bytes = out.toByteArray();
    return bytes.length > MAX_RAW ? java.util.Arrays.copyOf(bytes, MAX_RAW) : bytes;
  }

  private void closeQuietly() {
    try {
      if (folder != null && folder.isOpen()) {
        folder.close(false);
      }
    } catch (Exception ignored) {
      // closing anyway
    }
    try {
      if (imap != null) {
        imap.close();
      }
    } catch (Exception ignored) {
      // closing anyway
    }
    folder = null;
    imap = null;
  }

  private static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  private void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = running && !Thread.currentThread().isInterrupted();
    }
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }
}
