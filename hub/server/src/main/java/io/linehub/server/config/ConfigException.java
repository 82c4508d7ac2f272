package io.linehub.server.config;

/** Bad configuration: the launcher prints the one-line message and exits with code 2. */
public final class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message, null, false, false);
  }
}
