package io.linehub.openlines;

import io.linehub.api.error.LinehubException;
import io.linehub.api.web.ApiRoutes;
import io.linehub.api.web.Fields;
import io.linehub.api.web.Replies;
import io.linehub.openlines.site.SiteConnector;
import io.linehub.openlines.site.VisitorTokens;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The site chat widget's REST, without a Linehub token (visitors have none):
 * {@code POST /api/v1/site/{channelId}/visitors} makes a visitor token, or with a token updates the
 * visitor's pre-chat form (name, e-mail, phone). With {@code identifier} and {@code identifierHash}
 * (hex HMAC-SHA256 of the identifier under the channel's {@code identitySecret}, computed by the
 * site's back end) the visitor is that site user: the same conversation on every browser.
 */
final class SiteApi implements ApiRoutes {

  private final ChannelStore channels;
  private final Visitors visitors;
  private final CallbacksNow callbacks;

  SiteApi(ChannelStore channels, Visitors visitors, CallbacksNow callbacks) {
    this.channels = channels;
    this.visitors = visitors;
    this.callbacks = callbacks;
  }

  @Override
  public void mount(Router api) {
  }

  @Override
  public void mountPublic(Router api) {
    api.post("/site/:channelId/visitors").handler(this::visitor);
    api.post("/site/:channelId/offline").handler(this::offline);
  }

  /**
   * The widget's offline form, for when the line is closed or nobody is free: a message left for
   * later, or ({@code callback: true}) a request to be called back at {@code phone}. Either way the
   * CRM gets the customer (a lead when new, the site form as its source) and an open activity — a
   * "call back" for a callback request. Idempotent on {@code requestId}. A callback request while
   * the line is open and a member can take a call is placed at once ({@link CallbacksNow}):
   * {@code calling: true} with the click-to-call's {@code callId}.
   */
  private void offline(RoutingContext ctx) {
    JsonObject body = Fields.body(ctx);
    String name = limited(body, "name", 100);
    String email = limited(body, "email", 200);
    String phone = limited(body, "phone", 32);
    String text = limited(body, "text", 4000);
    Boolean callback = Fields.optBoolean(body, "callback");
    String requestId = limited(body, "requestId", 64);
    checkContact(email, phone);
    boolean wantsCall = callback != null && callback;
    if (wantsCall && phone == null) {
      throw LinehubException.badRequest("phone: required for a callback request");
    }
    if (phone == null && email == null) {
      throw LinehubException.badRequest("give a phone or an e-mail to be answered at");
    }
    String token = Fields.optString(body, "token");
    Replies.reply(ctx, 201, siteChannel(ctx.pathParam("channelId")).compose(channel -> {
      java.util.List<io.linehub.api.crm.Identity> identities = new java.util.ArrayList<>();
      if (phone != null) {
        identities.add(io.linehub.api.crm.Identity.phone(phone));
      }
      if (email != null) {
        identities.add(io.linehub.api.crm.Identity.email(email));
      }
      String visitorId = token == null ? null
          : VisitorTokens.verify(channel.config().secrets().get("visitorKey"), channel.id(), token);
      if (visitorId != null) {
        identities.add(new io.linehub.api.crm.Identity(io.linehub.api.crm.IdentityType.SITE, "visitor:" + visitorId));
      }
      String key = requestId != null ? requestId : java.util.UUID.randomUUID().toString();
      var interaction = new io.linehub.api.crm.Interaction("site-form:" + channel.id() + ":" + key,
          io.linehub.api.crm.Channel.SITE_FORM, io.linehub.api.crm.Direction.INBOUND,
          wantsCall ? io.linehub.api.crm.Outcome.CALLBACK_REQUESTED : io.linehub.api.crm.Outcome.RECEIVED,
          identities, name, null, channel.config().lineId(), null, java.time.Instant.now(), null, null,
          wantsCall ? "Call back " + phone : "Offline message from the website", text, null, null);
      return ctx.vertx().eventBus().<io.linehub.api.crm.LinkResult>request(io.linehub.api.crm.CrmAddresses.LINK,
              interaction, new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(10_000))
          .recover(e -> Future.failedFuture(LinehubException.from(e)))
          .compose(reply -> {
            io.linehub.api.crm.LinkResult link = reply.body();
            // A repeated submission was answered the first time: it never places a second call.
            Future<String> call = wantsCall && !link.replayed() && channel.config().lineId() != null
                ? callbacks.place(channel.config().lineId(), phone, link) : Future.succeededFuture();
            return call.map(callId -> new JsonObject().put("requestId", key).put("callback", wantsCall)
                .put("entity", link.entity()).put("activityId", link.activityId())
                .put("calling", callId != null).put("callId", callId));
          });
    }));
  }

  private void visitor(RoutingContext ctx) {
    JsonObject body = Fields.body(ctx);
    String name = limited(body, "name", 100);
    String email = limited(body, "email", 200);
    String phone = limited(body, "phone", 32);
    checkContact(email, phone);
    String identifier = limited(body, "identifier", 200);
    String hash = Fields.optString(body, "identifierHash");
    String token = Fields.optString(body, "token");
    Replies.reply(ctx, 200, siteChannel(ctx.pathParam("channelId")).compose(channel -> {
      String key = channel.config().secrets().get("visitorKey");
      String identity = null;
      if (identifier != null) {
        if (!VisitorTokens.identityVerified(channel.config().secrets().get("identitySecret"), identifier, hash)) {
          return Future.failedFuture(LinehubException.forbidden("identifierHash does not verify this identifier"));
        }
        identity = identifier;
      }
      String visitorId = token == null ? VisitorTokens.newVisitorId() : VisitorTokens.verify(key, channel.id(), token);
      if (visitorId == null) {
        return Future.failedFuture(LinehubException.unauthorized("invalid visitor token"));
      }
      return visitors.save(channel.id(), visitorId, name, email, phone, identity)
          .map(visitor -> new JsonObject().put("visitorId", visitorId)
              .put("token", VisitorTokens.sign(key, channel.id(), visitorId))
              .put("name", visitor.name()).put("verified", visitor.identifier() != null)
              .put("lineId", channel.config().lineId()));
    }));
  }

  /** A visitor token's channel and visitor: 404 for no such site channel, 401 for a token it did not sign. */
  record Visited(Channel channel, Visitors.Visitor visitor) {
  }

  Future<Visited> visited(String channelId, String token) {
    return siteChannel(channelId).compose(channel -> {
      String visitorId = VisitorTokens.verify(channel.config().secrets().get("visitorKey"), channelId, token);
      return visitorId == null ? Future.failedFuture(LinehubException.unauthorized("invalid visitor token"))
          : visitors.get(channelId, visitorId).map(visitor -> new Visited(channel, visitor));
    });
  }

  /** An enabled site chat channel, else 404 (nothing tells a caller what else exists). */
  Future<Channel> siteChannel(String id) {
    return channels.get(id).compose(channel -> channel.enabled() && SiteConnector.KIND.equals(channel.config().kind())
        ? Future.succeededFuture(channel)
        : Future.failedFuture(LinehubException.notFound("no site chat channel " + id)))
        .recover(e -> Future.failedFuture(LinehubException.notFound("no site chat channel " + id)));
  }

  private static void checkContact(String email, String phone) {
    if (email != null && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
      throw LinehubException.badRequest("email: an e-mail address");
    }
    if (phone != null && !phone.matches("\\+?[0-9 ()-]{5,32}")) {
      throw LinehubException.badRequest("phone: a phone number");
    }
  }

  private static String limited(JsonObject body, String field, int max) {
    String value = Fields.optString(body, field);
    if (value == null || value.isBlank()) {
      return null;
    }
    if (value.length() > max) {
      throw LinehubException.badRequest(field + ": at most " + max + " characters");
    }
    return value.strip();
  }
}
