package io.linehub.api.crm;

import io.linehub.api.error.LinehubException;
import java.util.Locale;

/** A CRM record reference, written {@code lead:42}, {@code contact:7}, {@code company:3}, {@code deal:9}. */
public record EntityRef(EntityType type, long id) {

  public enum EntityType {
    LEAD,
    CONTACT,
    COMPANY,
    DEAL;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static EntityRef parse(String value) {
    int colon = value == null ? -1 : value.indexOf(':');
    if (colon > 0) {
      String type = value.substring(0, colon);
      for (EntityType candidate : EntityType.values()) {
        if (candidate.wire().equals(type)) {
          try {
            long id = Long.parseLong(value.substring(colon + 1));
            if (id > 0) {
              return new EntityRef(candidate, id);
            }
          } catch (NumberFormatException e) {
            break;
          }
        }
      }
    }
    throw LinehubException.badRequest("entity: must look like lead:42, contact:7, company:3 or deal:9");
  }

  @Override
  public String toString() {
    return type.wire() + ":" + id;
  }
}
