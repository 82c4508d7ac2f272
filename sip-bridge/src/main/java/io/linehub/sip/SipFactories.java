package io.linehub.sip;

import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;

/** JAIN-SIP's three factories, made once with the stack. */
record SipFactories(MessageFactory messages, HeaderFactory headers, AddressFactory addresses) {
}
