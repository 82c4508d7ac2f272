package io.linehub.openlines;

import io.linehub.api.chat.ChatAddresses;
import io.linehub.api.chat.DeliveryStatus;
import io.linehub.api.web.RateLimit;
import io.linehub.openlines.connector.Connector;
import io.linehub.openlines.connector.OutboundCall;
import io.linehub.openlines.connector.Outgoing;
import io.linehub.openlines.connector.ProviderResponse;
import io.linehub.openlines.connector.SendResult;
import io.linehub.openlines.email.EmailConnector;
import io.linehub.openlines.email.MailSender;
import io.linehub.openlines.email.MailStore;
import io.linehub.openlines.site.SiteConnector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox's sender: operators' replies go out through the channel's connector (HTTP), SMTP or
 * the site visitor's own socket, in order per session, at the channel's rate, retried with
 * back-off or the provider's retry-after; every status change reaches the operators as a
 * {@code delivery} frame. Runs on the engine's context.
 */
final class Sender {

  private static final Logger LOG = LoggerFactory.getLogger(Sender.class);
  /** Replies taken at once. */
  static final int BATCH = 200;
  /** The provider call's timeout: a provider that hangs is retried, not waited for. */
  static final int SEND_TIMEOUT_MS = 15_000;

  private final Vertx vertx;
  private final ChannelStore channels;
  private final Outbox outbox;
  private final MailStore mail;
  private final MailSender mailSender;
  private final Map<String, Connector> connectors;
  private final Map<String, RateLimit> sendLimits = new java.util.concurrent.ConcurrentHashMap<>();
  private final AtomicLong repliesSent = new AtomicLong();
  private final AtomicLong repliesFailed = new AtomicLong();
  private WebClient http;
  private boolean outboxBusy;
  private boolean outboxAgain;
  private boolean stopped = true;

  Sender(Vertx vertx, ChannelStore channels, Outbox outbox, MailStore mail, Map<String, Connector> connectors) {
    this.vertx = vertx;
    this.channels = channels;
    this.outbox = outbox;
    this.mail = mail;
    this.mailSender = new MailSender(vertx);
    this.connectors = connectors;
  }

  void start() {
    http = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(5_000).setIdleTimeout(60)
        .setUserAgent("Linehub-openlines"));
    stopped = false;
  }

  void stop() {
    stopped = true;
    if (http != null) {
      http.close();
    }
    mailSender.close();
  }

  long repliesSent() {
    return repliesSent.get();
  }

  long repliesFailed() {
    return repliesFailed.get();
  }

  /** Channel settings changed: their send rates are read again. */
  void forgetRates() {
    sendLimits.clear();
  }

  /** Sends what is due now (again when more was queued meanwhile). */
  void kick() {
    if (stopped) {
      return;
    }
    if (outboxBusy) {
      outboxAgain = true;
      return;
    }
    outboxBusy = true;
    outboxAgain = false;
    outbox.take(BATCH).compose(this::sendAll).onComplete(ar -> {
      outboxBusy = false;
      if (ar.failed()) {
        LOG.warn("Outbox sending failed: {}", ar.cause().toString());
      } else if (ar.result() == BATCH || outboxAgain) {
        kick();
      }
    });
  }

  private Future<Integer> sendAll(List<Outbox.Due> due) {
    List<Future<Void>> sends = new ArrayList<>();
    for (Outbox.Due reply : due) {
      RateLimit limit = sendLimits.computeIfAbsent(reply.channelId(), id -> sendLimit(id));
      if (!limit.take()) {
        // Over the provider's rate: held back a second, not counted as an attempt.
        sends.add(outbox.deferred(reply, Duration.ofSeconds(1)));
        continue;
      }
      sends.add(send(reply).recover(e -> {
        LOG.warn("Reply {} not sent: {}", reply.id(), e.getMessage());
        return Future.succeededFuture();
      }));
    }
    return Future.join(sends).map(due.size());
  }

  private Future<Void> send(Outbox.Due reply) {
    return channels.get(reply.channelId()).compose(channel -> {
      if (SiteConnector.KIND.equals(channel.config().kind())) {
        // The visitor reads the dialog itself: the reply is out; the visitor's socket reports delivery.
        repliesSent.incrementAndGet();
        return outbox.sent(reply, siteMessageId(reply.chatMessageId()));
      }
      if (EmailConnector.KIND.equals(channel.config().kind())) {
        return sendMail(channel, reply);
      }
      Connector connector = connectors.get(channel.config().kind());
      if (connector == null) {
        return outbox.failed(reply, "no connector for " + channel.config().kind());
      }
      OutboundCall call;
      try {
        call = connector.render(new Outgoing(reply.id(), reply.customerKey(), reply.text()), channel.config());
      } catch (RuntimeException e) {
        return outbox.failed(reply, e.getMessage());
      }
      return call(call).map(connector::interpret)
          .recover(e -> Future.succeededFuture(new SendResult.Retry(null, "no answer: " + e.getMessage())))
          .compose(result -> {
            if (result instanceof SendResult.Sent sent) {
              repliesSent.incrementAndGet();
              return outbox.sent(reply, sent.providerMessageId());
            }
            if (result instanceof SendResult.Failed failed) {
              repliesFailed.incrementAndGet();
              return outbox.failed(reply, failed.reason());
            }
            SendResult.Retry retry = (SendResult.Retry) result;
            return outbox.retry(reply, retry.after() != null ? retry.after() : backoff(reply.attempts()),
                retry.reason());
          });
    }).map(changed -> {
      announce(changed);
      return null;
    });
  }

  private Future<Outbox.Changed> sendMail(io.linehub.openlines.Channel channel, Outbox.Due reply) {
    String threadKey = reply.customerKey().startsWith("thread:") ? reply.customerKey().substring(7) : reply.customerKey();
    return mail.thread(channel.id(), threadKey).compose(thread -> {
      if (thread == null) {
        return outbox.failed(reply, "no e-mail thread " + threadKey + " to answer");
      }
      return mailSender.send(channel.config(), thread, reply.id(), reply.text()).compose(result -> {
        if (result instanceof SendResult.Sent sent) {
          repliesSent.incrementAndGet();
          // The customer's answer to this reply names its Message-ID: it belongs to the same thread.
          return mail.remember(channel.id(), sent.providerMessageId(), threadKey)
              .compose(ignored -> outbox.sent(reply, sent.providerMessageId()));
        }
        if (result instanceof SendResult.Failed failed) {
          repliesFailed.incrementAndGet();
          return outbox.failed(reply, failed.reason());
        }
        SendResult.Retry retry = (SendResult.Retry) result;
        return outbox.retry(reply, backoff(reply.attempts()), retry.reason());
      });
    });
  }

  /** The provider message id a site chat reply is known by: its chat message. */
  static String siteMessageId(long chatMessageId) {
    return "chat:" + chatMessageId;
  }

  /** A site visitor's socket showed an operator's message. */
  void siteDelivered(String channelId, long chatMessageId) {
    siteDelivered(chatMessageId, 0);
  }

  /** The visitor's socket and the outbox both hear of a reply from chat: the socket may be first. */
  private void siteDelivered(long chatMessageId, int tries) {
    outbox.shownToVisitor(chatMessageId).compose(changed -> {
      if (changed != null) {
        announce(changed);
        return Future.succeededFuture();
      }
      return outbox.has(chatMessageId).compose(queued -> {
        if (!queued) {
          // Not queued yet: look again for up to ten seconds (a busy engine queues it later).
          if (tries < 50) {
            vertx.setTimer(200, id -> siteDelivered(chatMessageId, tries + 1));
          }
          return Future.succeededFuture();
        }
        // Queued between the two statements: now the update finds it (or it is no news).
        return outbox.shownToVisitor(chatMessageId).map(again -> {
          announce(again);
          return null;
        });
      });
    }).onFailure(e -> LOG.debug("Delivery of chat message {} not recorded: {}", chatMessageId, e.getMessage()));
  }

  /** A site visitor read the conversation up to {@code seq}. */
  void visitorRead(long dialogId, long seq) {
    outbox.readUpTo(dialogId, seq).onSuccess(changed -> changed.forEach(this::announce))
        .onFailure(e -> LOG.debug("Read up to {} in dialog {} not recorded: {}", seq, dialogId, e.getMessage()));
  }


  /**
   * A channel's send rate: its {@code sendPerSecond} setting, else what the provider allows a bot
   * or number (Telegram about 30 messages a second, VK 20 calls, Viber and Meta more).
   */
  private RateLimit sendLimit(String channelId) {
    io.linehub.openlines.Channel channel = channels.cached(channelId);
    String kind = channel == null ? "" : channel.config().kind();
    int fallback = switch (kind) {
      case "telegram" -> 25;
      case "vk" -> 15;
      case "email" -> 10;
      default -> 50;
    };
    int perSecond = fallback;
    if (channel != null) {
      try {
        perSecond = Math.max(1, Integer.parseInt(channel.config().setting("sendPerSecond", String.valueOf(fallback))));
      } catch (NumberFormatException e) {
        LOG.warn("Channel {}: sendPerSecond is not a number, using {}", channelId, fallback);
      }
    }
    return new RateLimit(perSecond, perSecond, Integer.MAX_VALUE, System::nanoTime);
  }

  /** 2 s, 4 s, 8 s... up to 5 minutes. */
  static Duration backoff(int attempts) {
    return Duration.ofSeconds(Math.min(300, 1L << Math.min(Math.max(attempts, 1), 9)));
  }

  private Future<ProviderResponse> call(OutboundCall call) {
    var request = http.requestAbs(HttpMethod.valueOf(call.method().toUpperCase(Locale.ROOT)), call.url())
        .timeout(SEND_TIMEOUT_MS);
    call.headers().forEach(request::putHeader);
    Future<io.vertx.ext.web.client.HttpResponse<Buffer>> answer = call.body() == null || call.body().isEmpty()
        ? request.send() : request.sendBuffer(Buffer.buffer(call.body()));
    return answer.map(response -> {
      Map<String, String> headers = new HashMap<>();
      response.headers().forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
      return new ProviderResponse(response.statusCode(), headers, response.bodyAsString());
    });
  }

  void announce(Outbox.Changed changed) {
    if (changed != null) {
      vertx.eventBus().publish(ChatAddresses.DELIVERY, new DeliveryStatus(changed.dialogId(), changed.seq(),
          changed.status(), changed.reason()));
    }
  }

}
