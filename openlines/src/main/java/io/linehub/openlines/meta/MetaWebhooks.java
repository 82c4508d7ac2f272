package io.linehub.openlines.meta;

import io.linehub.api.error.LinehubException;
import io.linehub.openlines.connector.ChannelConfig;
import io.linehub.openlines.connector.HookAnswer;
import io.linehub.openlines.connector.Hmac;
import io.linehub.openlines.connector.Webhook;
import java.util.Locale;
import java.util.Optional;

/**
 * What every Meta Graph API webhook shares (WhatsApp Cloud API, Messenger): the GET verification
 * handshake that answers {@code hub.challenge} when {@code hub.verify_token} is the one the app
 * was configured with, and the {@code X-Hub-Signature-256} header, {@code sha256=} and the hex
 * HMAC-SHA256 of the raw body under the app secret.
 *
 * <p>Secrets: {@code verifyToken}, {@code appSecret}.
 */
final class MetaWebhooks {

  static final String SIGNATURE_HEADER = "X-Hub-Signature-256";
  static final String SIGNATURE_PREFIX = "sha256=";

  private MetaWebhooks() {
  }

  /**
   * The challenge, for a GET {@code hub.mode=subscribe} whose {@code hub.verify_token} is the
   * channel's; 403 for a wrong token, 400 for a GET that is no verification; empty for a POST.
   */
  static Optional<HookAnswer> handshake(Webhook hook, ChannelConfig channel) {
    if (!"GET".equalsIgnoreCase(hook.method())) {
      return Optional.empty();
    }
    if (!"subscribe".equals(hook.query().get("hub.mode"))) {
      throw LinehubException.badRequest("not a Meta webhook verification: hub.mode is not subscribe");
    }
    if (!Hmac.same(channel.secret("verifyToken"), hook.query().get("hub.verify_token"))) {
      throw LinehubException.forbidden("wrong hub.verify_token");
    }
    String challenge = hook.query().get("hub.challenge");
    if (challenge == null || challenge.isEmpty()) {
      throw LinehubException.badRequest("not a Meta webhook verification: no hub.challenge");
    }
    return Optional.of(HookAnswer.text(challenge));
  }

  /** 401 without {@code X-Hub-Signature-256}, 403 when it is not the body's HMAC under the app secret. */
  static void verify(Webhook hook, ChannelConfig channel) {
    String given = hook.header(SIGNATURE_HEADER);
    if (given == null) {
      throw LinehubException.unauthorized("missing " + SIGNATURE_HEADER);
    }
    String expected = SIGNATURE_PREFIX + Hmac.sha256Hex(channel.secret("appSecret"), hook.body());
    // Meta sends lower-case hex; the case of a hex digit carries no secret.
    if (!Hmac.same(expected, given.strip().toLowerCase(Locale.ROOT))) {
      throw LinehubException.forbidden("wrong " + SIGNATURE_HEADER);
    }
  }
}
