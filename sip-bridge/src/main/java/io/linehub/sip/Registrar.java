package io.linehub.sip;

import io.vertx.core.Future;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.sip.InvalidArgumentException;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The registrar (RFC 3261 §10.3) with digest authentication: REGISTER without credentials gets a
 * 401 challenge, wrong credentials (or an unknown extension: the two are not told apart) 403,
 * an expired nonce a fresh challenge with {@code stale=true}. Runs on the SIP verticle's context;
 * the answer is a future of the response to send.
 */
final class Registrar {

  /** An agent's extension: two to eight digits. */
  private static final Pattern EXTENSION = Pattern.compile("[0-9]{2,8}");

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Registrar.class);

  private static final int DEFAULT_EXPIRES = 3600;

  private final SipSettings settings;
  private final SipAccounts accounts;
  private final Digest digest;
  private final FailedLogins failures;
  private final Bindings bindings;
  private final MessageFactory messages;
  private final HeaderFactory headers;
  private final AddressFactory addresses;
  private final Clock clock;

  Registrar(SipSettings settings, SipAccounts accounts, Digest digest, FailedLogins failures, Bindings bindings,
      SipFactories factories, Clock clock) {
    this.settings = settings;
    this.accounts = accounts;
    this.digest = digest;
    this.failures = failures;
    this.bindings = bindings;
    this.messages = factories.messages();
    this.headers = factories.headers();
    this.addresses = factories.addresses();
    this.clock = clock;
  }

  Future<Response> register(Request request, String source) throws ParseException {
    String extension = extensionOf((ToHeader) request.getHeader(ToHeader.NAME));
    if (extension == null) {
      return Future.succeededFuture(messages.createResponse(Response.BAD_REQUEST, request));
    }
    return authenticate(request, source, extension).compose(outcome -> {
      if (outcome.refusal() != null) {
        return Future.succeededFuture(outcome.refusal());
      }
      Response response;
      try {
        response = bind(request, outcome.account());
      } catch (ParseException | InvalidArgumentException e) {
        throw new IllegalStateException(e);
      }
      if (response.getStatusCode() != Response.OK) {
        return Future.succeededFuture(response);
      }
      // Durable before the 200: a registration the phone was told about survives a restart.
      return bindings.persist(outcome.account().extension()).map(response).recover(e -> {
        LOG.warn("Registration of {} not kept, answering 500: {}", extension, e.toString());
        try {
          Response failed = messages.createResponse(Response.SERVER_INTERNAL_ERROR, request);
          failed.addHeader(headers.createRetryAfterHeader(5));
          return Future.succeededFuture(failed);
        } catch (ParseException | InvalidArgumentException failure) {
          return Future.failedFuture(failure);
        }
      });
    });
  }

  /** Either the authenticated account or the response refusing the request (a challenge, 403). */
  record Outcome(SipAccounts.Account account, Response refusal) {
  }

  /**
   * Digest authentication of any request from an agent's phone (REGISTER, INVITE), as the extension
   * in {@code extension}: a 401 challenge without credentials, 403 for wrong ones, a fresh challenge
   * with {@code stale=true} for an expired nonce.
   */
  Future<Outcome> authenticate(Request request, String source, String extension) throws ParseException {
    if (failures.blocked(source)) {
      return Future.succeededFuture(new Outcome(null, messages.createResponse(Response.FORBIDDEN, request)));
    }
    AuthorizationHeader auth = (AuthorizationHeader) request.getHeader(AuthorizationHeader.NAME);
    if (auth == null || !settings.realm().equals(param(auth, "realm"))) {
      return Future.succeededFuture(new Outcome(null, challenge(request, false)));
    }
    return accounts.byExtension(extension).map(account -> {
      try {
        if (account.isEmpty() || !extension.equals(param(auth, "username"))) {
          failures.failed(source);
          return new Outcome(null, messages.createResponse(Response.FORBIDDEN, request));
        }
        Digest.Check check = digest.check(account.get().ha1(), request.getMethod(), param(auth, "uri"),
            param(auth, "nonce"), param(auth, "nc"), param(auth, "cnonce"), param(auth, "qop"),
            param(auth, "response"));
        if (check == Digest.Check.STALE) {
          return new Outcome(null, challenge(request, true));
        }
        if (check == Digest.Check.WRONG) {
          failures.failed(source);
          return new Outcome(null, messages.createResponse(Response.FORBIDDEN, request));
        }
        return new Outcome(account.get(), null);
      } catch (ParseException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private Response bind(Request request, SipAccounts.Account account)
      throws ParseException, InvalidArgumentException {
    ExpiresHeader expiresHeader = request.getExpires();
    int requested = expiresHeader == null ? DEFAULT_EXPIRES : expiresHeader.getExpires();
    List<ContactHeader> contacts = new ArrayList<>();
    ListIterator<?> it = request.getHeaders(ContactHeader.NAME);
    while (it != null && it.hasNext()) {
      contacts.add((ContactHeader) it.next());
    }
    var now = clock.instant();
    for (ContactHeader contact : contacts) {
      if (contact.isWildCard()) {
        // RFC 3261 §10.3 step 6: "*" only alone and only with Expires: 0.
        if (contacts.size() != 1 || requested != 0) {
          return messages.createResponse(Response.BAD_REQUEST, request);
        }
        bindings.unbindAll(account.extension());
        return messages.createResponse(Response.OK, request);
      }
      int expires = contact.getExpires() >= 0 ? contact.getExpires() : requested;
      if (expires > 0 && expires < settings.minExpires().toSeconds()) {
        Response brief = messages.createResponse(Response.INTERVAL_TOO_BRIEF, request);
        brief.addHeader(headers.createMinExpiresHeader((int) settings.minExpires().toSeconds()));
        return brief;
      }
    }
    for (ContactHeader contact : contacts) {
      int expires = contact.getExpires() >= 0 ? contact.getExpires() : requested;
      long granted = Math.min(expires, settings.maxExpires().toSeconds());
      bindings.bind(account.userId(), account.extension(), contact.getAddress().getURI().toString(),
          Duration.ofSeconds(granted), now);
    }
    Response ok = messages.createResponse(Response.OK, request);
    for (Bindings.Binding binding : bindings.contacts(account.extension())) {
      ContactHeader header = headers.createContactHeader(addresses.createAddress(binding.contact()));
      header.setExpires((int) Math.max(0, Duration.between(now, binding.expires()).toSeconds()));
      ok.addHeader(header);
    }
    return ok;
  }

  private Response challenge(Request request, boolean stale) throws ParseException {
    Response response = messages.createResponse(Response.UNAUTHORIZED, request);
    WWWAuthenticateHeader header = headers.createWWWAuthenticateHeader("Digest");
    header.setRealm(settings.realm());
    header.setNonce(digest.nonce());
    header.setAlgorithm("MD5");
    header.setQop("auth");
    if (stale) {
      header.setStale(true);
    }
    response.addHeader(header);
    return response;
  }

  /** The extension in a To or From header, if it is one. */
  static String extensionOf(javax.sip.header.HeaderAddress header) {
    if (header == null || !(header.getAddress().getURI() instanceof SipURI uri) || uri.getUser() == null) {
      return null;
    }
    String user = uri.getUser();
    return EXTENSION.matcher(user).matches() ? user : null;
  }

  /** A digest parameter without the quotes some stacks keep. */
  private static String param(AuthorizationHeader auth, String name) {
    String value = auth.getParameter(name);
    if (value == null && name.equals("uri") && auth.getURI() != null) {
      value = auth.getURI().toString();
    }
    if (value != null && value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      value = value.substring(1, value.length() - 1);
    }
    return value == null ? null : name.equals("qop") || name.equals("nc") ? value.toLowerCase(Locale.ROOT) : value;
  }
}
