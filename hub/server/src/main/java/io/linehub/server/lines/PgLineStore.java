package io.linehub.server.lines;

import io.linehub.api.error.LinehubException;
import io.linehub.api.routing.Fallback;
import io.linehub.api.routing.FallbackAction;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link LineStore} on PostgreSQL, tables {@code hub.lines} and {@code hub.line_members}. Each
 * write is one transaction that first checks what it can name precisely (the users, the DID's
 * owner, fallback lines); the constraints of {@code V2__lines.sql} catch what a concurrent
 * writer slips in between, mapped to the same codes.
 */
public final class PgLineStore implements LineStore {

  private static final String LOCK = "SELECT id FROM hub.lines WHERE id = $1 FOR UPDATE";
  private static final String ACTIVE_USERS = "SELECT id FROM hub.users WHERE id = ANY($1) AND active";
  private static final String DID_OWNER = "SELECT id FROM hub.lines WHERE did = $1 AND id <> $2";
  private static final String KNOWN_LINES = "SELECT id FROM hub.lines WHERE id = ANY($1)";
  private static final String FALLING_BACK = "SELECT id FROM hub.lines"
      + " WHERE (no_answer_line = $1 OR out_of_hours_line = $1) AND id <> $1 ORDER BY id";
  private static final String DELETE_MEMBERS = "DELETE FROM hub.line_members WHERE line_id = $1";
  private static final String TOUCH = "UPDATE hub.lines SET updated_at = now() WHERE id = $1";

  private final Pool pool;

  public PgLineStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<List<Line>> all() {
    return pool.query(LineRows.SELECT + " ORDER BY l.id").execute().map(rows -> {
      List<Line> lines = new ArrayList<>(rows.size());
      rows.forEach(row -> lines.add(LineRows.map(row)));
      return lines;
    });
  }

  @Override
  public Future<Optional<Line>> byId(String id) {
    return read(pool, id);
  }

  @Override
  public Future<Line> create(Line line) {
    return pool.withTransaction(tx -> tx.preparedQuery(LOCK).execute(Tuple.of(line.id()))
            .compose(rows -> rows.size() > 0
                ? Future.failedFuture(LinehubException.conflict("id: line " + line.id() + " already exists"))
                : checks(tx, line))
            .compose(ok -> tx.preparedQuery(LineRows.INSERT).execute(LineRows.params(line)))
            .compose(ok -> insertMembers(tx, line.id(), line.members()))
            .compose(ok -> written(tx, line.id())))
        .recover(failure -> mapped(failure, line.id(), false));
  }

  @Override
  public Future<Line> replace(Line line) {
    return pool.withTransaction(tx -> lock(tx, line.id())
            .compose(ok -> checks(tx, line))
            .compose(ok -> tx.preparedQuery(LineRows.UPDATE).execute(LineRows.params(line)))
            .compose(ok -> tx.preparedQuery(DELETE_MEMBERS).execute(Tuple.of(line.id())))
            .compose(ok -> insertMembers(tx, line.id(), line.members()))
            .compose(ok -> written(tx, line.id())))
        .recover(failure -> mapped(failure, line.id(), false));
  }

  @Override
  public Future<Line> replaceMembers(String id, List<Member> members) {
    return pool.withTransaction(tx -> lock(tx, id)
            .compose(ok -> activeUsers(tx, members, null))
            .compose(ok -> tx.preparedQuery(DELETE_MEMBERS).execute(Tuple.of(id)))
            .compose(ok -> insertMembers(tx, id, members))
            .compose(ok -> tx.preparedQuery(TOUCH).execute(Tuple.of(id)))
            .compose(ok -> written(tx, id)))
        .recover(failure -> mapped(failure, id, false));
  }

  @Override
  public Future<Void> delete(String id) {
    return pool.withTransaction(tx -> lock(tx, id)
            .compose(ok -> tx.preparedQuery(FALLING_BACK).execute(Tuple.of(id)))
            .compose(rows -> rows.size() > 0
                ? Future.failedFuture(LinehubException.conflict("line " + id + " is the fallback of line "
                    + String.join(", ", ids(rows)) + "; change their fallback first"))
                : tx.preparedQuery("DELETE FROM hub.lines WHERE id = $1").execute(Tuple.of(id)))
            .<Void>mapEmpty())
        .recover(failure -> mapped(failure, id, true));
  }

  private static Future<Void> lock(SqlClient tx, String id) {
    return tx.preparedQuery(LOCK).execute(Tuple.of(id)).compose(rows -> rows.size() == 0
        ? Future.failedFuture(LinehubException.notFound("line " + id + " does not exist"))
        : Future.succeededFuture());
  }

  private static Future<Void> checks(SqlClient tx, Line line) {
    return activeUsers(tx, line.members(), line.responsibleUserId())
        .compose(ok -> line.did() == null ? Future.succeededFuture()
            : tx.preparedQuery(DID_OWNER).execute(Tuple.of(line.did(), line.id())).compose(rows -> rows.size() == 0
                ? Future.succeededFuture()
                : Future.failedFuture(LinehubException.conflict("did: " + line.did() + " is already the number of line "
                    + ids(rows).get(0)))))
        .compose(ok -> fallbackLines(tx, line));
  }

  /** 400 naming the first member (or the responsible user) who is not an active user. */
  private static Future<Void> activeUsers(SqlClient tx, List<Member> members, Long responsible) {
    Set<Long> wanted = new HashSet<>();
    members.forEach(m -> wanted.add(m.userId()));
    if (responsible != null) {
      wanted.add(responsible);
    }
    if (wanted.isEmpty()) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(ACTIVE_USERS).execute(Tuple.tuple().addArrayOfLong(wanted.toArray(new Long[0])))
        .compose(rows -> {
          Set<Long> active = new HashSet<>();
          rows.forEach(row -> active.add(row.getLong("id")));
          for (int i = 0; i < members.size(); i++) {
            if (!active.contains(members.get(i).userId())) {
              return Future.failedFuture(notActive("members[" + i + "].userId", members.get(i).userId()));
            }
          }
          return responsible == null || active.contains(responsible) ? Future.succeededFuture()
              : Future.failedFuture(notActive("responsibleUserId", responsible));
        });
  }

  private static Future<Void> fallbackLines(SqlClient tx, Line line) {
    Map<String, String> targets = new LinkedHashMap<>();
    target(targets, "noAnswer.target", line.noAnswer());
    target(targets, "outOfHours.target", line.outOfHours());
    if (targets.isEmpty()) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(KNOWN_LINES).execute(Tuple.tuple().addArrayOfString(targets.values().toArray(new String[0])))
        .compose(rows -> {
          List<String> known = ids(rows);
          for (var target : targets.entrySet()) {
            if (!known.contains(target.getValue())) {
              return Future.failedFuture(LinehubException.badRequest(target.getKey() + ": line " + target.getValue()
                  + " does not exist"));
            }
          }
          return Future.succeededFuture();
        });
  }

  private static void target(Map<String, String> targets, String field, Fallback fallback) {
    if (fallback.action() == FallbackAction.LINE && fallback.target() != null) {
      targets.put(field, fallback.target());
    }
  }

  private static Future<RowSet<Row>> insertMembers(SqlClient tx, String id, List<Member> members) {
    return tx.preparedQuery(LineRows.INSERT_MEMBERS).execute(LineRows.members(id, members));
  }

  private static Future<Line> written(SqlClient tx, String id) {
    return read(tx, id).map(Optional::orElseThrow);
  }

  private static Future<Optional<Line>> read(SqlClient client, String id) {
    return client.preparedQuery(LineRows.SELECT + " WHERE l.id = $1").execute(Tuple.of(id)).map(rows -> {
      var it = rows.iterator();
      return it.hasNext() ? Optional.of(LineRows.map(it.next())) : Optional.empty();
    });
  }

  private static List<String> ids(RowSet<Row> rows) {
    List<String> ids = new ArrayList<>(rows.size());
    rows.forEach(row -> ids.add(row.getString("id")));
    return ids;
  }

  private static LinehubException notActive(String field, long userId) {
    return LinehubException.badRequest(field + ": user " + userId + " does not exist or is not active");
  }

  /** Constraint violations a concurrent writer caused after the checks, as the checks would have said. */
  private static <T> Future<T> mapped(Throwable failure, String id, boolean deleting) {
    if (!(failure instanceof PgException pg) || pg.getSqlState() == null) {
      return Future.failedFuture(failure);
    }
    String constraint = pg.getConstraint() == null ? "" : pg.getConstraint();
    LinehubException mapped = switch (pg.getSqlState()) {
      case "23505" -> switch (constraint) {
        case "lines_pkey" -> LinehubException.conflict("id: line " + id + " already exists");
        case "lines_did_key" -> LinehubException.conflict("did: is already the number of another line");
        default -> LinehubException.badRequest("members: a user is listed twice");
      };
      case "23503" -> switch (constraint) {
        case "lines_no_answer_line_fkey", "lines_out_of_hours_line_fkey" -> deleting
            ? LinehubException.conflict("line " + id + " is the fallback of another line; change its fallback first")
            : LinehubException.badRequest((constraint.contains("no_answer") ? "noAnswer" : "outOfHours")
                + ".target: no such line");
        case "lines_responsible_user_id_fkey" -> LinehubException.badRequest("responsibleUserId: no such user");
        default -> LinehubException.badRequest("members: no such user");
      };
      case "23514" -> LinehubException.badRequest(constraint + ": invalid value");
      default -> null;
    };
    return Future.failedFuture(mapped == null ? failure : mapped);
  }
}
