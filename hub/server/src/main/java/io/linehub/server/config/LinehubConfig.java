package io.linehub.server.config;

import io.linehub.api.crm.LinkPolicy;
import io.vertx.pgclient.PgConnectOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The validated configuration of one Linehub process. Built only by {@link ConfigLoader}. */
public record LinehubConfig(
    Http http,
    Sip sip,
    Path dataDir,
    Db db,
    Optional<String> adminPassword,
    Duration tokenTtl,
    Crm crm,
    Chat chat,
    Openlines openlines,
    String logLevel,
    Duration shutdownTimeout,
    Optional<Path> linesFile) {

  /** HTTP listener; {@code instances} is the number of event loops serving it (0 = one per core). */
  public record Http(String host, int port, int instances, int bodyLimitBytes) {
  }

  /** {@code external} is empty when Linehub runs its own embedded PostgreSQL under the data dir. */
  public record Db(Optional<PgConnectOptions> external, int poolSize, int embeddedPort) {
  }

  public record Crm(String defaultRegion, LinkPolicy defaultPolicy) {
  }

  /** @param process whether this node works the open-line inbox and outbox (false: it only takes webhooks in) */
  public record Openlines(boolean process) {
  }

  /** Chat attachments: the largest file and the media types accepted. */
  public record Chat(long attachmentMaxBytes, Set<String> attachmentTypes) {
  }

  /** SIP listener (UDP and TCP on one port; 0 = any free port) and the digest realm of agents' phones. */
  /** @param overloadLag how far behind the B2BUA may fall before new calls get 503; zero: never */
  public record Sip(String host, int port, String advertisedHost, String realm, Duration keepAlive,
      Duration overloadLag) {
  }

  public int sipPort() {
    return sip.port();
  }

  private static final Set<String> REGIONS = Set.of(Locale.getISOCountries());

  static LinehubConfig from(Map<ConfigKey, String> values) {
    var reader = new Reader(values);
    int instances = reader.integer(ConfigKey.HTTP_INSTANCES, 0, 64);
    return new LinehubConfig(
        new Http(
            reader.text(ConfigKey.HTTP_HOST, false),
            reader.integer(ConfigKey.HTTP_PORT, 0, 65535),
            instances == 0 ? Runtime.getRuntime().availableProcessors() : instances,
            reader.integer(ConfigKey.HTTP_BODY_LIMIT, 1024, 512 * 1024 * 1024)),
        new Sip(reader.text(ConfigKey.SIP_HOST, false), reader.integer(ConfigKey.SIP_PORT, 0, 65535),
            reader.text(ConfigKey.SIP_ADVERTISED_HOST, true), reader.text(ConfigKey.SIP_REALM, false),
            Duration.ofSeconds(reader.integer(ConfigKey.SIP_KEEPALIVE_SECONDS, 2, 3600)),
            Duration.ofMillis(reader.integer(ConfigKey.SIP_OVERLOAD_LAG_MS, 0, 60_000))),
        Path.of(reader.text(ConfigKey.DATA_DIR, false)).toAbsolutePath().normalize(),
        new Db(
            reader.dbUrl(ConfigKey.DB_URL),
            reader.integer(ConfigKey.DB_POOL_SIZE, 1, 500),
            reader.integer(ConfigKey.DB_EMBEDDED_PORT, 0, 65535)),
        Optional.of(reader.text(ConfigKey.ADMIN_PASSWORD, true)).filter(s -> !s.isEmpty()),
        Duration.ofMinutes(reader.integer(ConfigKey.AUTH_TOKEN_TTL_MINUTES, 1, 60 * 24 * 30)),
        new Crm(reader.region(ConfigKey.CRM_DEFAULT_REGION), reader.policy(ConfigKey.CRM_DEFAULT_POLICY)),
        new Chat(reader.integer(ConfigKey.CHAT_ATTACHMENT_MAX_BYTES, 1, Integer.MAX_VALUE),
            reader.mediaTypes(ConfigKey.CHAT_ATTACHMENT_TYPES)),
        new Openlines(reader.bool(ConfigKey.OPENLINES_PROCESS)),
        reader.oneOf(ConfigKey.LOG_LEVEL, Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR")),
        Duration.ofSeconds(reader.integer(ConfigKey.SHUTDOWN_TIMEOUT_SECONDS, 1, 600)),
        reader.path(ConfigKey.LINES_FILE));
  }

  private record Reader(Map<ConfigKey, String> values) {

    String text(ConfigKey key, boolean mayBeEmpty) {
      String value = values.get(key).trim();
      if (!mayBeEmpty && value.isEmpty()) {
        throw invalid(key, "must not be empty");
      }
      return value;
    }

    int integer(ConfigKey key, int min, int max) {
      String value = text(key, false);
      try {
        int parsed = Integer.parseInt(value);
        if (parsed >= min && parsed <= max) {
          return parsed;
        }
      } catch (NumberFormatException e) {
        // reported below with the allowed range
      }
      throw invalid(key, "must be an integer from " + min + " to " + max + ", got '" + value + "'");
    }

    String oneOf(ConfigKey key, Set<String> allowed) {
      String value = text(key, false).toUpperCase(Locale.ROOT);
      if (!allowed.contains(value)) {
        throw invalid(key, "must be one of " + new java.util.TreeSet<>(allowed) + ", got '" + value + "'");
      }
      return value;
    }

    Optional<PgConnectOptions> dbUrl(ConfigKey key) {
      String value = text(key, true);
      if (value.isEmpty()) {
        return Optional.empty();
      }
      if (!value.startsWith("postgresql://") && !value.startsWith("postgres://")) {
        throw invalid(key, "must look like postgresql://user:password@host:5432/database");
      }
      try {
        return Optional.of(PgConnectOptions.fromUri(value));
      } catch (RuntimeException e) {
        throw invalid(key, "must look like postgresql://user:password@host:5432/database");
      }
    }

    /** Empty when unset; the file itself is read (and may fail startup) when it is used. */
    Optional<Path> path(ConfigKey key) {
      String value = text(key, true);
      try {
        return value.isEmpty() ? Optional.empty() : Optional.of(Path.of(value).toAbsolutePath().normalize());
      } catch (java.nio.file.InvalidPathException e) {
        throw invalid(key, "must be a file path, got '" + value + "'");
      }
    }

    boolean bool(ConfigKey key) {
      String value = text(key, false).toLowerCase(Locale.ROOT);
      if (!value.equals("true") && !value.equals("false")) {
        throw invalid(key, "must be true or false, got '" + value + "'");
      }
      return Boolean.parseBoolean(value);
    }

    /** A comma-separated list of media types such as image/png, lower-cased. */
    Set<String> mediaTypes(ConfigKey key) {
      Set<String> types = new java.util.TreeSet<>();
      for (String item : text(key, false).split(",")) {
        String type = item.trim().toLowerCase(Locale.ROOT);
        if (!type.matches("[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*")) {
          throw invalid(key, "must be media types separated by commas, such as image/png,application/pdf; got '"
              + item.trim() + "'");
        }
        types.add(type);
      }
      return Set.copyOf(types);
    }

    String region(ConfigKey key) {
      String value = text(key, false).toUpperCase(Locale.ROOT);
      if (!REGIONS.contains(value)) {
        throw invalid(key, "must be an ISO 3166 two-letter country code such as RU, got '" + value + "'");
      }
      return value;
    }

    LinkPolicy policy(ConfigKey key) {
      String value = text(key, false);
      for (LinkPolicy policy : LinkPolicy.values()) {
        if (policy.name().toLowerCase(Locale.ROOT).equals(value)) {
          return policy;
        }
      }
      throw invalid(key, "must be one of create_lead, create_contact, activity_only");
    }

    private static ConfigException invalid(ConfigKey key, String why) {
      return new ConfigException(key.path() + " (" + key.env() + ") " + why);
    }
  }
}
