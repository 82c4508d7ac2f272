package io.linehub.server.config;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every configuration key Linehub knows, with its YAML path, environment variable and default.
 * The README's configuration table is this enum; add a key here and there together.
 */
public enum ConfigKey {
  HTTP_HOST("http.host", "LINEHUB_HTTP_HOST", "0.0.0.0"),
  HTTP_PORT("http.port", "LINEHUB_HTTP_PORT", "8080"),
  HTTP_INSTANCES("http.instances", "LINEHUB_HTTP_INSTANCES", "0"),
  HTTP_BODY_LIMIT("http.bodyLimitBytes", "LINEHUB_HTTP_BODY_LIMIT_BYTES", "1048576"),
  SIP_PORT("sip.port", "LINEHUB_SIP_PORT", "5060"),
  SIP_HOST("sip.host", "LINEHUB_SIP_HOST", "0.0.0.0"),
  SIP_ADVERTISED_HOST("sip.advertisedHost", "LINEHUB_SIP_ADVERTISED_HOST", ""),
  SIP_REALM("sip.realm", "LINEHUB_SIP_REALM", "linehub"),
  SIP_KEEPALIVE_SECONDS("sip.keepAliveSeconds", "LINEHUB_SIP_KEEPALIVE_SECONDS", "30"),
  SIP_OVERLOAD_LAG_MS("sip.overloadLagMs", "LINEHUB_SIP_OVERLOAD_LAG_MS", "500"),
  DATA_DIR("dataDir", "LINEHUB_DATA_DIR", "./data"),
  DB_URL("db.url", "LINEHUB_DB_URL", ""),
  DB_POOL_SIZE("db.poolSize", "LINEHUB_DB_POOL_SIZE", "16"),
  DB_EMBEDDED_PORT("db.embeddedPort", "LINEHUB_DB_EMBEDDED_PORT", "0"),
  ADMIN_PASSWORD("admin.password", "LINEHUB_ADMIN_PASSWORD", ""),
  AUTH_TOKEN_TTL_MINUTES("auth.tokenTtlMinutes", "LINEHUB_AUTH_TOKEN_TTL_MINUTES", "720"),
  CRM_DEFAULT_REGION("crm.defaultRegion", "LINEHUB_CRM_DEFAULT_REGION", "RU"),
  CRM_DEFAULT_POLICY("crm.defaultPolicy", "LINEHUB_CRM_DEFAULT_POLICY", "create_lead"),
  CHAT_ATTACHMENT_MAX_BYTES("chat.attachmentMaxBytes", "LINEHUB_CHAT_ATTACHMENT_MAX_BYTES", "26214400"),
  CHAT_ATTACHMENT_TYPES("chat.attachmentTypes", "LINEHUB_CHAT_ATTACHMENT_TYPES",
      "image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain,text/csv,audio/mpeg,audio/ogg,audio/wav,video/mp4,application/zip,application/msword,application/vnd.ms-excel,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.oasis.opendocument.text,application/vnd.oasis.opendocument.spreadsheet"),
  OPENLINES_PROCESS("openlines.process", "LINEHUB_OPENLINES_PROCESS", "true"),
  LINES_FILE("lines.file", "LINEHUB_LINES_FILE", ""),
  LOG_LEVEL("log.level", "LINEHUB_LOG_LEVEL", "INFO"),
  SHUTDOWN_TIMEOUT_SECONDS("shutdownTimeoutSeconds", "LINEHUB_SHUTDOWN_TIMEOUT_SECONDS", "20");

  private final String path;
  private final String env;
  private final String defaultValue;

  ConfigKey(String path, String env, String defaultValue) {
    this.path = path;
    this.env = env;
    this.defaultValue = defaultValue;
  }

  public String path() {
    return path;
  }

  public String env() {
    return env;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public static Optional<ConfigKey> byPath(String path) {
    return Arrays.stream(values()).filter(k -> k.path.equals(path)).findFirst();
  }

  public static Optional<ConfigKey> byEnv(String env) {
    return Arrays.stream(values()).filter(k -> k.env.equals(env)).findFirst();
  }
}
