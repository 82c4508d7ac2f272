package io.linehub.sip;

import java.security.SecureRandom;
import java.text.ParseException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import javax.sip.InvalidArgumentException;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.ViaHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The client side of digest authentication (RFC 2617, as RFC 3261 §22 uses it): Linehub answering
 * a provider's 401 (WWW-Authenticate) or 407 (Proxy-Authenticate) with the trunk's credentials, on
 * its REGISTER and on outbound INVITEs. MD5 only, {@code qop=auth} when offered, else the RFC 2069
 * form.
 */
final class DigestClient {

  private static final SecureRandom RANDOM = new SecureRandom();

  private DigestClient() {
  }

  /**
   * The Authorization (401) or Proxy-Authorization (407) header answering {@code challenge} for
   * {@code request}; null when the challenge is not one Linehub can answer (not Digest, not MD5).
   */
  static AuthorizationHeader answer(HeaderFactory headers, Response challenge, Request request, String username,
      String password) throws ParseException {
    boolean proxy = challenge.getStatusCode() == Response.PROXY_AUTHENTICATION_REQUIRED;
    WWWAuthenticateHeader offer = (WWWAuthenticateHeader) challenge.getHeader(proxy ? ProxyAuthenticateHeader.NAME
        : WWWAuthenticateHeader.NAME);
    if (offer == null || !"digest".equalsIgnoreCase(offer.getScheme()) || offer.getNonce() == null
        || (offer.getAlgorithm() != null && !"md5".equalsIgnoreCase(offer.getAlgorithm()))) {
      return null;
    }
    String realm = offer.getRealm() == null ? "" : offer.getRealm();
    String uri = request.getRequestURI().toString();
    boolean auth = offer.getQop() != null && Arrays.stream(offer.getQop().split(","))
        .map(q -> q.trim().toLowerCase(Locale.ROOT)).anyMatch("auth"::equals);
    String cnonce = auth ? hex(8) : null;
    String nc = auth ? "00000001" : null;
    String response = Digest.response(Digest.ha1(username, realm, password), request.getMethod(), uri,
        offer.getNonce(), nc, cnonce, auth ? "auth" : null);
    AuthorizationHeader header = proxy ? headers.createProxyAuthorizationHeader("Digest")
        : headers.createAuthorizationHeader("Digest");
    header.setUsername(username);
    header.setRealm(realm);
    header.setNonce(offer.getNonce());
    header.setURI(request.getRequestURI());
    header.setResponse(response);
    header.setAlgorithm("MD5");
    if (offer.getOpaque() != null) {
      header.setOpaque(offer.getOpaque());
    }
    if (auth) {
      header.setQop("auth");
      header.setCNonce(cnonce);
      header.setNonceCount(1);
    }
    return header;
  }

  /**
   * The request to send again with {@code answer}: same Call-ID, From tag and body, CSeq + 1, a new
   * Via branch (a new transaction), any earlier answer replaced.
   */
  static Request retry(Request original, AuthorizationHeader answer) throws ParseException, InvalidArgumentException {
    Request retry = (Request) original.clone();
    CSeqHeader cseq = (CSeqHeader) retry.getHeader(CSeqHeader.NAME);
    cseq.setSeqNumber(cseq.getSeqNumber() + 1);
    ViaHeader via = (ViaHeader) retry.getHeader(ViaHeader.NAME);
    via.setBranch("z9hG4bK" + hex(10));
    retry.removeHeader(AuthorizationHeader.NAME);
    retry.removeHeader(ProxyAuthorizationHeader.NAME);
    retry.addHeader(answer);
    return retry;
  }

  private static String hex(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
