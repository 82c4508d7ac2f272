package io.linehub.crm.link;

import io.linehub.api.crm.IdentityType;
import java.util.Locale;

/** A customer identity after normalisation: what is stored in {@code crm.communications}. */
public record NormalIdentity(IdentityType type, String value) {

  /** The lower-case type as stored in the {@code type} column. */
  public String wire() {
    return type.name().toLowerCase(Locale.ROOT);
  }

  public static IdentityType typeOf(String wire) {
    return IdentityType.valueOf(wire.toUpperCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    return wire() + ":" + value;
  }
}
