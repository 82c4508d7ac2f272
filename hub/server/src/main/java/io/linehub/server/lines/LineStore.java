package io.linehub.server.lines;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * Persistence of lines. Failures are {@link io.linehub.api.error.LinehubException}s naming the
 * field: 404 for a missing line, 409 for a taken id or DID or a line others fall back to, 400 for
 * members or a responsible user that are not active users and for fallbacks to missing lines.
 */
public interface LineStore {

  /** Every line, ordered by id. */
  Future<List<Line>> all();

  Future<Optional<Line>> byId(String id);

  /** Stores a new line; 409 when the id exists or the DID is another line's. */
  Future<Line> create(Line line);

  /** Replaces every setting and the queue of an existing line; 404 when it does not exist. */
  Future<Line> replace(Line line);

  /** Replaces only the queue (order and tiers) of an existing line; 404 when it does not exist. */
  Future<Line> replaceMembers(String id, List<Member> members);

  /** Deletes a line and its queue; 404 when missing, 409 while another line falls back to it. */
  Future<Void> delete(String id);
}
