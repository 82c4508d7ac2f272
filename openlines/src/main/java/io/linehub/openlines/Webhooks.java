package io.linehub.openlines;

import io.linehub.api.error.ErrorCode;
import io.linehub.api.error.LinehubException;
import io.linehub.api.web.ApiRoutes;
import io.linehub.openlines.connector.Connector;
import io.linehub.openlines.connector.HookAnswer;
import io.linehub.openlines.connector.Parsed;
import io.linehub.openlines.connector.Webhook;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /hooks/{channelId}}: where providers deliver. The signature is checked on the raw bytes
 * first (a failure is 401/403 and nothing is stored), the events are committed to the inbox, and
 * only then is the provider answered — with what its connector says it expects. Mounted on the
 * root router: providers carry no Linehub token.
 */
final class Webhooks implements ApiRoutes {

  static final String PATH = "/hooks/:channelId";
  /** Larger webhook bodies get 413: no provider sends a text message this big. */
  static final int MAX_BODY = 1024 * 1024;

  private final ChannelStore channels;
  private final Engine engine;

  Webhooks(ChannelStore channels, Engine engine) {
    this.channels = channels;
    this.engine = engine;
  }

  @Override
  public void mount(Router root) {
    root.route(PATH).handler(BodyHandler.create(false).setBodyLimit(MAX_BODY));
    root.get(PATH).handler(this::handshake);
    root.post(PATH).handler(this::deliver);
  }

  private void handshake(RoutingContext ctx) {
    channelOf(ctx).onSuccess(channel -> {
      try {
        Connector connector = engine.connector(channel.config().kind());
        HookAnswer answer = connector.handshake(webhook(ctx), channel.config()).orElseThrow(() ->
            new LinehubException(ErrorCode.METHOD_NOT_ALLOWED, "webhooks are POSTed"));
        answer(ctx, answer);
      } catch (LinehubException e) {
        ctx.fail(e);
      }
    }).onFailure(ctx::fail);
  }

  private void deliver(RoutingContext ctx) {
    channelOf(ctx).onSuccess(channel -> {
      Parsed parsed;
      try {
        Connector connector = engine.connector(channel.config().kind());
        Webhook hook = webhook(ctx);
        connector.verify(hook, channel.config());
        parsed = connector.parse(hook, channel.config());
      } catch (LinehubException e) {
        ctx.fail(e);
        return;
      }
      engine.store(channel.id(), parsed.events(), body(ctx))
          .onSuccess(stored -> answer(ctx, parsed.answer()))
          .onFailure(ctx::fail);
    }).onFailure(ctx::fail);
  }

  private io.vertx.core.Future<Channel> channelOf(RoutingContext ctx) {
    String id = ctx.pathParam("channelId");
    return channels.get(id).compose(channel -> channel.enabled() ? io.vertx.core.Future.succeededFuture(channel)
        : io.vertx.core.Future.failedFuture(LinehubException.notFound("channel " + id + " is disabled")));
  }

  private static Webhook webhook(RoutingContext ctx) {
    Map<String, String> headers = new HashMap<>();
    ctx.request().headers().forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
    Map<String, String> query = new HashMap<>();
    ctx.queryParams().forEach(q -> query.put(q.getKey(), q.getValue()));
    return new Webhook(ctx.request().method().name(), headers, query, body(ctx).getBytes());
  }

  private static Buffer body(RoutingContext ctx) {
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    return body == null ? Buffer.buffer() : body;
  }

  private static void answer(RoutingContext ctx, HookAnswer answer) {
    ctx.response().setStatusCode(answer.status()).putHeader("Content-Type", answer.contentType()).end(answer.body());
  }
}
