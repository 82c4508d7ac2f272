package io.linehub.sip;

import gov.nist.javax.sip.stack.SIPTransaction;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sip.ClientTransaction;
import javax.sip.ListeningPoint;
import javax.sip.SipProvider;
import javax.sip.address.SipURI;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices dead phones: every registered contact gets an OPTIONS each keep-alive interval. Any
 * response means alive (even 405: the phone is there); no response before the transaction times
 * out drops the contact, and with the last one the agent's phone is unregistered. The probe's
 * T1 is set so that the timeout (64 × T1, RFC 3261 §17.1.2.2) equals the interval, at most 32 s.
 */
final class KeepAlive {

  private static final Logger LOG = LoggerFactory.getLogger(KeepAlive.class);

  /** What a probe's client transaction carries, to find the contact again on timeout. */
  record Probe(String extension, String contact) {
  }

  private final SipSettings settings;
  private final SipFactories factories;
  private final SipProvider provider;
  private final int port;
  private final int t1;
  private final SecureRandom random = new SecureRandom();

  KeepAlive(SipSettings settings, SipFactories factories, SipProvider provider, int port) {
    this.settings = settings;
    this.factories = factories;
    this.provider = provider;
    this.port = port;
    long timeout = Math.min(settings.keepAlive().toMillis(), Duration.ofSeconds(32).toMillis());
    this.t1 = (int) Math.max(10, timeout / 64);
  }

  void probeAll(List<Map.Entry<String, String>> contacts) {
    for (Map.Entry<String, String> binding : contacts) {
      probe(binding.getKey(), binding.getValue());
    }
  }

  private void probe(String extension, String contact) {
    try {
      SipURI target = (SipURI) factories.addresses().createURI(contact);
      String transport = target.getTransportParam() == null ? ListeningPoint.UDP
          : target.getTransportParam().toLowerCase(Locale.ROOT);
      String ours = LocalAddresses.SHARED.towards(settings, target.getHost());
      var from = factories.headers().createFromHeader(
          factories.addresses().createAddress("sip:linehub@" + ours + ":" + port), Long.toHexString(random.nextLong()));
      var to = factories.headers().createToHeader(factories.addresses().createAddress(target), null);
      ViaHeader via = factories.headers().createViaHeader(ours, port, transport, null);
      Request options = factories.messages().createRequest(target, Request.OPTIONS, provider.getNewCallId(),
          factories.headers().createCSeqHeader(1L, Request.OPTIONS), from, to, List.of(via),
          factories.headers().createMaxForwardsHeader(70));
      ClientTransaction tx = provider.getNewClientTransaction(options);
      if (tx instanceof SIPTransaction sip) {
        sip.setRetransmitTimer(t1);
      }
      tx.setApplicationData(new Probe(extension, contact));
      tx.sendRequest();
    } catch (Exception e) {
      LOG.debug("Keep-alive not sent [extension: {}, contact: {}]: {}", extension, contact, e.toString());
    }
  }
}
