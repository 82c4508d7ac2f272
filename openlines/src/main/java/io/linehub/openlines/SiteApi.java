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

  SiteApi(ChannelStore channels, Visitors visitors) {
    this.channels = channels;
    this.visitors = visitors;
  }

  @Override
  public void mount(Router api) {
  }

  @Override
  public void mountPublic(Router api) {
    api.post("/site/:channelId/visitors").handler(this::visitor);
  }

  private void visitor(RoutingContext ctx) {
    JsonObject body = Fields.body(ctx);
    String name = limited(body, "name", 100);
    String email = limited(body, "email", 200);
    String phone = limited(body, "phone", 32);
    if (email != null && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
      throw LinehubException.badRequest("email: an e-mail address");
    }
    if (phone != null && !phone.matches("\\+?[0-9 ()-]{5,32}")) {
      throw LinehubException.badRequest("phone: a phone number");
    }
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

  /** An enabled site chat channel, else 404 (nothing tells a caller what else exists). */
  Future<Channel> siteChannel(String id) {
    return channels.get(id).compose(channel -> channel.enabled() && SiteConnector.KIND.equals(channel.config().kind())
        ? Future.succeededFuture(channel)
        : Future.failedFuture(LinehubException.notFound("no site chat channel " + id)))
        .recover(e -> Future.failedFuture(LinehubException.notFound("no site chat channel " + id)));
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
