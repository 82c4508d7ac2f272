package io.linehub.crm.link;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import io.linehub.api.crm.Identity;
import io.linehub.api.crm.IdentityType;
import io.linehub.api.error.LinehubException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns identities as channels and people write them into the one form stored and matched:
 * phones E.164 (libphonenumber, default region for national numbers), e-mails lower-case,
 * messenger ids trimmed without a {@code type:} prefix. Errors name the field: {@code phone: ...}.
 */
public final class Normalizer {

  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
  private static final Pattern LETTERS = Pattern.compile("\\p{L}");
  private static final Pattern EMAIL = Pattern.compile(
      "^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[a-z0-9]([a-z0-9-]*[a-z0-9])?"
          + "(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\\.[a-z]{2,63}$");
  private static final int MAX_LENGTH = 254;

  private final String region;
  /**
   * Numbers already normalised: every call is normalised twice (the screen-pop lookup and the CRM
   * link) and callers call again, while libphonenumber's parse is the costliest step of both
   * (the SIP benchmark found ~12% of the hub's CPU there). Bounded: emptied when full.
   */
  private final java.util.Map<String, String> phones = new java.util.concurrent.ConcurrentHashMap<>();
  static final int CACHED_PHONES = 50_000;

  public Normalizer(String defaultRegion) {
    String upper = defaultRegion == null ? "" : defaultRegion.trim().toUpperCase(Locale.ROOT);
    if (!PHONES.getSupportedRegions().contains(upper)) {
      throw new IllegalArgumentException("defaultRegion: unknown phone region " + defaultRegion);
    }
    this.region = upper;
    // libphonenumber reads each region's metadata from its jar on first use: load it all here, at
    // construction (a worker or test thread), so the first foreign number never blocks an event loop.
    PHONES.getSupportedRegions().forEach(PHONES::getExampleNumber);
    PHONES.getSupportedGlobalNetworkCallingCodes().forEach(PHONES::getExampleNumberForNonGeoEntity);
  }

  public String phone(String raw) {
    return phone("phone", raw);
  }

  /** E.164 form of {@code raw}; 400 naming {@code field} when it is not a valid number. */
  public String phone(String field, String raw) {
    String text = required(field, raw);
    String known = phones.get(text);
    if (known != null) {
      return known;
    }
    if (LETTERS.matcher(text).find()) {
      throw invalidPhone(field, text);
    }
    String e164 = parse(text, region);
    if (e164 == null && !text.startsWith("+")) {
      // "74951234567" is an international number without its plus: RU metadata reads it as national
      String digits = text.replaceAll("\\D", "");
      e164 = parse("+" + (digits.startsWith("00") ? digits.substring(2) : digits), "ZZ");
    }
    if (e164 == null) {
      throw invalidPhone(field, text);
    }
    if (phones.size() >= CACHED_PHONES) {
      phones.clear();
    }
    phones.put(text, e164);
    return e164;
  }

  public String email(String raw) {
    return email("email", raw);
  }

  public String email(String field, String raw) {
    String value = required(field, raw).toLowerCase(Locale.ROOT);
    if (value.length() > MAX_LENGTH || !EMAIL.matcher(value).matches()) {
      throw LinehubException.badRequest(field + ": '" + raw.trim() + "' is not a valid e-mail address");
    }
    return value;
  }

  /** A messenger or site-visitor id: trimmed, as the provider gave it, without a {@code telegram:} prefix. */
  public String messenger(String field, IdentityType type, String raw) {
    String value = required(field, raw);
    String prefix = type.name().toLowerCase(Locale.ROOT) + ":";
    if (value.regionMatches(true, 0, prefix, 0, prefix.length())) {
      value = required(field, value.substring(prefix.length()));
    }
    if (value.length() > MAX_LENGTH) {
      throw LinehubException.badRequest(field + ": longer than " + MAX_LENGTH + " characters");
    }
    return value;
  }

  public NormalIdentity identity(Identity identity) {
    if (identity == null || identity.type() == null) {
      throw LinehubException.badRequest("identities: each needs a type and a value");
    }
    IdentityType type = identity.type();
    String field = type.name().toLowerCase(Locale.ROOT);
    String value = switch (type) {
      case PHONE -> phone(field, identity.value());
      case EMAIL -> email(field, identity.value());
      default -> messenger(field, type, identity.value());
    };
    return new NormalIdentity(type, value);
  }

  /** Every identity normalised, duplicates (after normalisation) dropped, order kept. */
  public List<NormalIdentity> identities(List<Identity> identities) {
    var normal = new LinkedHashSet<NormalIdentity>();
    for (Identity identity : identities) {
      normal.add(identity(identity));
    }
    return new ArrayList<>(normal);
  }

  private static String parse(String text, String region) {
    try {
      var number = PHONES.parse(text, region);
      return PHONES.isValidNumber(number) ? PHONES.format(number, PhoneNumberFormat.E164) : null;
    } catch (NumberParseException e) {
      return null;
    }
  }

  private static String required(String field, String raw) {
    if (raw == null || raw.isBlank()) {
      throw LinehubException.badRequest(field + ": is required");
    }
    return raw.trim();
  }

  private static LinehubException invalidPhone(String field, String text) {
    return LinehubException.badRequest(field + ": '" + text + "' is not a valid phone number");
  }
}
