package io.linehub.sip;

import gov.nist.core.StackLogger;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAIN-SIP's stack logger on SLF4J ({@code gov.nist.javax.sip.STACK_LOGGER}). The stack reports a
 * malformed datagram at ERROR with the whole receive buffer printed as numbers; anyone can send
 * one, so its messages are cut to {@value #MAX} characters and its errors logged as warnings, and a
 * flood of garbage cannot flood the log.
 */
public final class SipStackLog implements StackLogger {

  static final int MAX = 240;
  private static final Logger LOG = LoggerFactory.getLogger("io.linehub.sip.stack");

  /** The message, cut to {@link #MAX} characters: garbage on the wire must not flood the log. */
  static String cut(String message) {
    return message == null || message.length() <= MAX ? message : message.substring(0, MAX) + "... (cut)";
  }

  @Override
  public void logStackTrace() {
  }

  @Override
  public void logStackTrace(int traceLevel) {
  }

  @Override
  public int getLineCount() {
    return 0;
  }

  @Override
  public void logException(Throwable ex) {
    LOG.debug("SIP stack exception", ex);
  }

  @Override
  public void logDebug(String message) {
    if (LOG.isDebugEnabled()) {
      LOG.debug(cut(message));
    }
  }

  @Override
  public void logDebug(String message, Exception ex) {
    LOG.debug(cut(message), ex);
  }

  @Override
  public void logTrace(String message) {
    if (LOG.isTraceEnabled()) {
      LOG.trace(cut(message));
    }
  }

  @Override
  public void logFatalError(String message) {
    LOG.error(cut(message));
  }

  @Override
  public void logError(String message) {
    LOG.warn(cut(message));
  }

  @Override
  public void logError(String message, Exception ex) {
    LOG.warn("{}: {}", cut(message), ex == null ? null : cut(ex.toString()));
  }

  @Override
  public boolean isLoggingEnabled() {
    return LOG.isWarnEnabled();
  }

  @Override
  public boolean isLoggingEnabled(int logLevel) {
    // LogLevels: 0 none, 2 fatal, 4 error, 8 warn, 16 info, 32 debug, 64 trace (and above).
    if (logLevel <= TRACE_WARN) {
      return LOG.isWarnEnabled();
    }
    if (logLevel <= TRACE_INFO) {
      return LOG.isInfoEnabled();
    }
    return logLevel <= TRACE_DEBUG ? LOG.isDebugEnabled() : LOG.isTraceEnabled();
  }

  @Override
  public void logWarning(String message) {
    if (aboutUnusedTls(message)) {
      LOG.debug(cut(message));
    } else {
      LOG.warn(cut(message));
    }
  }

  /** At start the stack warns about TLS key and trust stores; Linehub does not listen on TLS. */
  static boolean aboutUnusedTls(String message) {
    String text = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
    return text.contains("tls") || text.contains("keystore") || text.contains("truststore");
  }

  @Override
  public void logInfo(String message) {
    // The stack's start-up chatter (TLS defaults it does not use) is noise at INFO.
    LOG.debug(cut(message));
  }

  @Override
  public void disableLogging() {
  }

  @Override
  public void enableLogging() {
  }

  @Override
  public void setBuildTimeStamp(String buildTimeStamp) {
  }

  @Override
  public void setStackProperties(Properties stackProperties) {
  }

  @Override
  public String getLoggerName() {
    return LOG.getName();
  }
}
