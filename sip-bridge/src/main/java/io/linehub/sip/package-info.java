/**
 * SIP registrar, trunks and the B2BUA on JAIN-SIP. Built by the sip-bridge issue; nothing here yet.
 */
package io.linehub.sip;
