package io.linehub.api.auth;

import io.linehub.api.error.LinehubException;
import java.util.Locale;

/** Roles of Linehub users; the wire form is the lower-case name. */
public enum Role {
  ADMIN,
  SUPERVISOR,
  AGENT;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role parse(String value) {
    if (value != null) {
      for (Role role : values()) {
        if (role.wire().equals(value)) {
          return role;
        }
      }
    }
    throw LinehubException.badRequest("role: must be one of admin, supervisor, agent");
  }
}
