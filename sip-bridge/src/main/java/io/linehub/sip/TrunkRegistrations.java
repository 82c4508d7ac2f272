package io.linehub.sip;

import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sip.ClientTransaction;
import javax.sip.SipProvider;
import javax.sip.address.SipURI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Linehub registering to its providers (RFC 3261 §10.2) for the trunks that ask for it, so the
 * provider knows where to send the DIDs' calls. Each registration keeps its Call-ID and From tag,
 * answers one digest challenge per nonce with the trunk's credentials, refreshes at 80% of the
 * granted time, retries failures with a backoff of 30 s doubling to 5 minutes, and un-registers
 * (Expires: 0) when the trunk is deleted, stops registering, or the hub stops. Confined to the SIP
 * verticle's context; the state is published in {@link TrunkStatus} for the REST API.
 */
final class TrunkRegistrations {

  private static final Logger LOG = LoggerFactory.getLogger(TrunkRegistrations.class);
  static final Duration FIRST_RETRY = Duration.ofSeconds(30);
  static final Duration MAX_RETRY = Duration.ofMinutes(5);

  /** One trunk's registration. */
  private final class Registration {
    final Trunk trunk;
    final String callId;
    final String fromTag;
    long cseq;
    long timer = -1;
    int failures;
    /** The nonce answered last: a second challenge with the same nonce means wrong credentials. */
    String answeredNonce;
    boolean stopped;

    Registration(Trunk trunk) {
      this.trunk = trunk;
      this.callId = provider.getNewCallId().getCallId();
      this.fromTag = Long.toHexString(random.nextLong());
    }
  }

  private final Vertx vertx;
  private final SipProvider provider;
  private final SipFactories f;
  private final SipSettings settings;
  private final int port;
  private final TrunkStatus status;
  private final Clock clock;
  private final Map<String, Registration> active = new HashMap<>();
  private final SecureRandom random = new SecureRandom();

  TrunkRegistrations(Vertx vertx, SipProvider provider, SipFactories factories, SipSettings settings, int port,
      TrunkStatus status, Clock clock) {
    this.vertx = vertx;
    this.provider = provider;
    this.f = factories;
    this.settings = settings;
    this.port = port;
    this.status = status;
    this.clock = clock;
  }

  /** Starts, restarts (when a trunk's registration settings changed) and ends registrations to match {@code trunks}. */
  void reconcile(List<Trunk> trunks) {
    Map<String, Trunk> wanted = new HashMap<>();
    trunks.stream().filter(t -> t.register() && t.username() != null).forEach(t -> wanted.put(t.id(), t));
    for (Registration r : List.copyOf(active.values())) {
      Trunk now = wanted.get(r.trunk.id());
      if (now == null || !sameRegistration(now, r.trunk)) {
        stop(r);
      }
    }
    for (Trunk trunk : wanted.values()) {
      if (!active.containsKey(trunk.id())) {
        Registration r = new Registration(trunk);
        active.put(trunk.id(), r);
        send(r, trunk.registerExpires(), null);
      }
    }
  }

  /** Un-registers everything (the hub stops). */
  void stopAll() {
    List.copyOf(active.values()).forEach(this::stop);
  }

  private void stop(Registration r) {
    r.stopped = true;
    vertx.cancelTimer(r.timer);
    active.remove(r.trunk.id());
    status.remove(r.trunk.id());
    if (r.cseq > 0) {
      send(r, 0, null);
    }
  }

  private static boolean sameRegistration(Trunk a, Trunk b) {
    return a.host().equals(b.host()) && a.port() == b.port() && a.transport().equals(b.transport())
        && Objects.equals(a.username(), b.username()) && Objects.equals(a.password(), b.password())
        && a.registerExpires() == b.registerExpires();
  }

  private void send(Registration r, int expires, AuthorizationHeader answer) {
    Trunk trunk = r.trunk;
    try {
      SipURI registrar = f.addresses().createSipURI(null, trunk.host() + ":" + trunk.port());
      if (!trunk.transport().equals("udp")) {
        registrar.setTransportParam(trunk.transport());
      }
      var aor = f.addresses().createAddress("sip:" + trunk.username() + "@" + trunk.host());
      String ourHost = LocalAddresses.SHARED.towards(settings, trunk.host());
      Request register = f.messages().createRequest(registrar, Request.REGISTER,
          f.headers().createCallIdHeader(r.callId), f.headers().createCSeqHeader(++r.cseq, Request.REGISTER),
          f.headers().createFromHeader(aor, r.fromTag), f.headers().createToHeader(aor, null),
          List.of(f.headers().createViaHeader(ourHost, port, trunk.transport(), null)),
          f.headers().createMaxForwardsHeader(70));
      ContactHeader contact = f.headers().createContactHeader(f.addresses().createAddress("sip:"
          + trunk.username() + "@" + ourHost + ":" + port + (trunk.transport().equals("udp") ? ""
          : ";transport=" + trunk.transport())));
      register.addHeader(contact);
      register.addHeader(f.headers().createExpiresHeader(expires));
      if (answer != null) {
        register.addHeader(answer);
      }
      ClientTransaction tx = provider.getNewClientTransaction(register);
      tx.setApplicationData(new Awaiting() {
        @Override
        public void response(Response response) {
          answered(r, register, response, expires);
        }

        @Override
        public void timeout() {
          if (expires > 0 && !r.stopped) {
            failed(r, "no answer from " + trunk.host() + ":" + trunk.port());
          }
        }
      });
      if (expires > 0) {
        status.set(trunk.id(), new TrunkStatus.Registration(TrunkStatus.State.REGISTERING,
            status.of(trunk.id()).expiresAt(), status.of(trunk.id()).lastError()));
      }
      tx.sendRequest();
    } catch (Exception e) {
      if (expires > 0 && !r.stopped) {
        failed(r, "REGISTER not sent: " + e.getMessage());
      }
    }
  }

  private void answered(Registration r, Request sent, Response response, int expires) {
    int code = response.getStatusCode();
    if (expires == 0 || r.stopped) {
      if (code >= 300 && code != Response.UNAUTHORIZED && code != Response.PROXY_AUTHENTICATION_REQUIRED) {
        LOG.info("Un-registration refused [trunk: {}, status: {}]", r.trunk.id(), code);
      } else if (code == Response.UNAUTHORIZED || code == Response.PROXY_AUTHENTICATION_REQUIRED) {
        challenged(r, sent, response, 0);
      }
      return;
    }
    if (code >= 200 && code < 300) {
      int granted = granted(response, sent, expires);
      r.failures = 0;
      r.answeredNonce = null;
      status.set(r.trunk.id(), new TrunkStatus.Registration(TrunkStatus.State.REGISTERED,
          clock.instant().plusSeconds(granted), null));
      LOG.info("Registered to the provider [trunk: {}, expires: {} s]", r.trunk.id(), granted);
      r.timer = vertx.setTimer(Math.max(1_000L, granted * 800L), t -> send(r, r.trunk.registerExpires(), null));
      return;
    }
    if ((code == Response.UNAUTHORIZED || code == Response.PROXY_AUTHENTICATION_REQUIRED)
        && challenged(r, sent, response, expires)) {
      return;
    }
    failed(r, code + " " + response.getReasonPhrase());
  }

  /** Answers a challenge once per nonce (a stale nonce gets a fresh answer); false when it cannot. */
  private boolean challenged(Registration r, Request sent, Response challenge, int expires) {
    if (!r.trunk.hasCredentials()) {
      return false;
    }
    String header = challenge.getStatusCode() == Response.UNAUTHORIZED ? WWWAuthenticateHeader.NAME
        : javax.sip.header.ProxyAuthenticateHeader.NAME;
    var offer = (WWWAuthenticateHeader) challenge.getHeader(header);
    if (offer == null || offer.getNonce() == null || offer.getNonce().equals(r.answeredNonce)) {
      return false;
    }
    try {
      AuthorizationHeader answer = DigestClient.answer(f.headers(), challenge, sent, r.trunk.username(),
          r.trunk.password());
      if (answer == null) {
        return false;
      }
      r.answeredNonce = offer.getNonce();
      send(r, expires, answer);
      return true;
    } catch (Exception e) {
      LOG.warn("Provider's challenge not answered [trunk: {}]: {}", r.trunk.id(), e.toString());
      return false;
    }
  }

  /** What the provider granted: our contact's expires in the 200, else its Expires header, else what we asked. */
  private static int granted(Response ok, Request sent, int asked) {
    String ours = ((ContactHeader) sent.getHeader(ContactHeader.NAME)).getAddress().getURI().toString();
    for (var it = ok.getHeaders(ContactHeader.NAME); it.hasNext(); ) {
      ContactHeader contact = (ContactHeader) it.next();
      if (contact.getAddress().getURI().toString().equals(ours) && contact.getExpires() > 0) {
        return contact.getExpires();
      }
    }
    ExpiresHeader expires = (ExpiresHeader) ok.getHeader(ExpiresHeader.NAME);
    return expires != null && expires.getExpires() > 0 ? expires.getExpires() : asked;
  }

  private void failed(Registration r, String error) {
    r.answeredNonce = null;
    long delay = Math.min(MAX_RETRY.toMillis(), FIRST_RETRY.toMillis() << Math.min(r.failures, 10));
    r.failures++;
    status.set(r.trunk.id(), new TrunkStatus.Registration(TrunkStatus.State.FAILED, null, error));
    LOG.warn("Registration to the provider failed, retrying in {} s [trunk: {}]: {}", delay / 1000, r.trunk.id(),
        error);
    vertx.cancelTimer(r.timer);
    r.timer = vertx.setTimer(delay, t -> {
      if (!r.stopped) {
        send(r, r.trunk.registerExpires(), null);
      }
    });
  }
}
