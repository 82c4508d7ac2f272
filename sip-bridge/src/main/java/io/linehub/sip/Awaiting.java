package io.linehub.sip;

import javax.sip.message.Response;

/**
 * What waits for the answer to one of our client transactions that is not a call leg's INVITE (a
 * relayed request, a re-INVITE, a NOTIFY, a REGISTER to a provider). Set as the transaction's
 * application data; the SIP verticle calls it on its context.
 */
interface Awaiting {

  /** For NOTIFY and BYE transactions: their answers need nothing. */
  Awaiting NOTHING = new Awaiting() {
    @Override
    public void response(Response response) {
    }

    @Override
    public void timeout() {
    }
  };

  /** A final response (provisional ones are not passed on). */
  void response(Response response);

  void timeout();
}
