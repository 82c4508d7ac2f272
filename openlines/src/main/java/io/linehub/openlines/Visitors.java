package io.linehub.openlines;

import io.linehub.api.crm.Identity;
import io.linehub.api.crm.IdentityType;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** Site chat visitors ({@code openlines.visitors}): the pre-chat form and the site's vouched-for user id. */
final class Visitors {

  /** A visitor as known: what identifies them for sessions and the CRM. */
  record Visitor(String channelId, String visitorId, String name, String email, String phone, String identifier) {

    /**
     * The session key: the site's own user id when it vouched for it (the same person on any
     * browser), else the visitor id of this browser.
     */
    String customerKey() {
      return identifier != null ? "user:" + identifier : "visitor:" + visitorId;
    }

    /** Whose uploads their files are, for chat: the same on every browser of a verified user. */
    String uploaderRef() {
      return Visitors.uploaderRef(channelId, customerKey());
    }

    List<Identity> identities() {
      List<Identity> out = new ArrayList<>();
      out.add(new Identity(IdentityType.SITE, identifier != null ? "user:" + identifier : "visitor:" + visitorId));
      if (email != null) {
        out.add(Identity.email(email));
      }
      if (phone != null) {
        out.add(Identity.phone(phone));
      }
      return out;
    }
  }

  /** The chat uploader ref of a site customer's files. */
  static String uploaderRef(String channelId, String customerKey) {
    return "site:" + channelId + ":" + customerKey;
  }

  private final Pool pool;

  Visitors(Pool pool) {
    this.pool = pool;
  }

  /** Creates or updates the visitor; a null field keeps what was stored. */
  Future<Visitor> save(String channelId, String visitorId, String name, String email, String phone, String identifier) {
    return pool.preparedQuery("""
            INSERT INTO openlines.visitors (channel_id, visitor_id, name, email, phone, identifier)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (channel_id, visitor_id) DO UPDATE SET name = coalesce(excluded.name, visitors.name),
              email = coalesce(excluded.email, visitors.email), phone = coalesce(excluded.phone, visitors.phone),
              identifier = coalesce(excluded.identifier, visitors.identifier), updated_at = now()
            RETURNING *""").execute(Tuple.of(channelId, visitorId, name, email, phone, identifier))
        .map(rows -> of(rows.iterator().next()));
  }

  /** The visitor, or a bare one when they never filled anything in. */
  Future<Visitor> get(String channelId, String visitorId) {
    return pool.preparedQuery("SELECT * FROM openlines.visitors WHERE channel_id = $1 AND visitor_id = $2")
        .execute(Tuple.of(channelId, visitorId))
        .map(rows -> rows.size() == 0 ? new Visitor(channelId, visitorId, null, null, null, null)
            : of(rows.iterator().next()));
  }

  private static Visitor of(Row row) {
    return new Visitor(row.getString("channel_id"), row.getString("visitor_id"), row.getString("name"),
        row.getString("email"), row.getString("phone"), row.getString("identifier"));
  }
}
