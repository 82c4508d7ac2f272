package io.linehub.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javax.sip.SipFactory;
import javax.sip.address.AddressFactory;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DigestClientTest {

  private static MessageFactory messages;
  private static HeaderFactory headers;
  private static AddressFactory addresses;

  @BeforeAll
  static void factories() throws Exception {
    SipFactory factory = SipFactory.getInstance();
    factory.setPathName("gov.nist");
    messages = factory.createMessageFactory();
    headers = factory.createHeaderFactory();
    addresses = factory.createAddressFactory();
  }

  @Test
  void requestDigestShouldMatchRfc2617Example() {
    // RFC 2617 §3.5.
    String ha1 = Digest.ha1("Mufasa", "testrealm@host.com", "Circle Of Life");
    assertThat(Digest.response(ha1, "GET", "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001",
        "0a4f113b", "auth")).isEqualTo("6629fae49393a05397450978507c4ef1");
  }

  @Test
  void proxyChallengeWithQopShouldBeAnsweredWithAProxyAuthorizationTheProviderCanVerify() throws Exception {
    Request invite = invite();
    Response challenge = messages.createResponse(Response.PROXY_AUTHENTICATION_REQUIRED, invite);
    var offer = headers.createProxyAuthenticateHeader("Digest");
    offer.setRealm("sip.provider.test");
    offer.setNonce("n0nce-1");
    offer.setQop("auth,auth-int");
    offer.setOpaque("op4que");
    challenge.addHeader(offer);

    AuthorizationHeader answer = DigestClient.answer(headers, challenge, invite, "linehub", "trunk-secret");

    assertThat(answer).isInstanceOf(ProxyAuthorizationHeader.class);
    assertThat(answer.getUsername()).isEqualTo("linehub");
    assertThat(answer.getQop()).isEqualTo("auth");
    assertThat(answer.getOpaque()).isEqualTo("op4que");
    assertThat(answer.getCNonce()).isNotBlank();
    String expected = Digest.response(Digest.ha1("linehub", "sip.provider.test", "trunk-secret"), "INVITE",
        "sip:+74957770001@203.0.113.5:5060", "n0nce-1", "00000001", answer.getCNonce(), "auth");
    assertThat(answer.getResponse()).isEqualTo(expected);
  }

  @Test
  void challengeWithoutQopShouldGetTheRfc2069Answer() throws Exception {
    Request invite = invite();
    Response challenge = messages.createResponse(Response.UNAUTHORIZED, invite);
    var offer = headers.createWWWAuthenticateHeader("Digest");
    offer.setRealm("pbx");
    offer.setNonce("abc");
    challenge.addHeader(offer);

    AuthorizationHeader answer = DigestClient.answer(headers, challenge, invite, "101", "pw");

    assertThat(answer).isNotInstanceOf(ProxyAuthorizationHeader.class);
    assertThat(answer.getQop()).isNull();
    assertThat(answer.getCNonce()).isNull();
    assertThat(answer.getResponse()).isEqualTo(Digest.md5(Digest.ha1("101", "pbx", "pw") + ":abc:"
        + Digest.md5("INVITE:sip:+74957770001@203.0.113.5:5060")));
  }

  @Test
  void otherSchemesAndAlgorithmsShouldNotBeAnswered() throws Exception {
    Request invite = invite();
    Response challenge = messages.createResponse(Response.UNAUTHORIZED, invite);
    var offer = headers.createWWWAuthenticateHeader("Digest");
    offer.setRealm("pbx");
    offer.setNonce("abc");
    offer.setAlgorithm("SHA-256");
    challenge.addHeader(offer);

    assertThat(DigestClient.answer(headers, challenge, invite, "101", "pw")).isNull();
    assertThat(DigestClient.answer(headers, messages.createResponse(Response.UNAUTHORIZED, invite), invite, "101",
        "pw")).as("no challenge at all").isNull();
  }

  @Test
  void retryShouldBeANewTransactionOfTheSameRequest() throws Exception {
    Request invite = invite();
    Response challenge = messages.createResponse(Response.UNAUTHORIZED, invite);
    var offer = headers.createWWWAuthenticateHeader("Digest");
    offer.setRealm("pbx");
    offer.setNonce("abc");
    challenge.addHeader(offer);

    Request retry = DigestClient.retry(invite, DigestClient.answer(headers, challenge, invite, "101", "pw"));

    assertThat(((CSeqHeader) retry.getHeader(CSeqHeader.NAME)).getSeqNumber()).isEqualTo(2L);
    assertThat(((ViaHeader) retry.getHeader(ViaHeader.NAME)).getBranch())
        .startsWith("z9hG4bK").isNotEqualTo(((ViaHeader) invite.getHeader(ViaHeader.NAME)).getBranch());
    assertThat(retry.getHeader(AuthorizationHeader.NAME)).isNotNull();
    assertThat(retry.getHeader("Call-ID").toString()).isEqualTo(invite.getHeader("Call-ID").toString());
    assertThat(((CSeqHeader) invite.getHeader(CSeqHeader.NAME)).getSeqNumber()).as("original untouched")
        .isEqualTo(1L);
  }

  private static Request invite() throws Exception {
    var uri = addresses.createSipURI("+74957770001", "203.0.113.5:5060");
    return messages.createRequest(uri, Request.INVITE, headers.createCallIdHeader("c-1@linehub"),
        headers.createCSeqHeader(1L, Request.INVITE),
        headers.createFromHeader(addresses.createAddress("sip:+74951119999@198.51.100.1"), "ft"),
        headers.createToHeader(addresses.createAddress(uri), null),
        List.of(headers.createViaHeader("198.51.100.1", 5060, "udp", "z9hG4bK-first")),
        headers.createMaxForwardsHeader(70));
  }
}
