package io.linehub.crm.store;

import io.linehub.api.error.LinehubException;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;

/** Maps constraint violations that input checks let through to 400/409 naming the field. */
public final class PgErrors {

  private PgErrors() {
  }

  public static <T> Future<T> mapped(Throwable failure) {
    return Future.failedFuture(map(failure));
  }

  static Throwable map(Throwable failure) {
    if (!(failure instanceof PgException pg) || pg.getSqlState() == null) {
      return failure;
    }
    String constraint = pg.getConstraint() == null ? "" : pg.getConstraint();
    return switch (pg.getSqlState()) {
      // FK names are <table>_<column>_fkey: companyId, contactId...
      case "23503" -> LinehubException.badRequest(field(constraint.replaceFirst("^[a-z]+_", "")
          .replaceFirst("_fkey$", "")) + ": no such record");
      case "23514", "22001", "22003" -> LinehubException.badRequest(
          (constraint.isEmpty() ? "body" : constraint) + ": invalid value");
      case "23505" -> LinehubException.conflict("already exists (" + constraint + ")");
      default -> failure;
    };
  }

  static String field(String column) {
    var out = new StringBuilder();
    boolean upper = false;
    for (char c : column.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }
}
