-- Lines: entry points customers arrive on (a DID for calls, open-line channels for chats) with
-- their queue members and rules. Scalars are columns so the checks below guard every writer;
-- hours and fallbacks are the JSON wire form of LineJson. A fallback to another line is also
-- exposed as a generated column with a foreign key, so a line cannot fall back to a missing line
-- and a line others fall back to cannot be deleted, even under concurrent writes.
CREATE TABLE hub.lines (
  id                  text        PRIMARY KEY,
  name                text        NOT NULL,
  did                 text,
  channels            text[]      NOT NULL DEFAULT '{}',
  strategy            text        NOT NULL,
  call_offer_sec      int         NOT NULL,
  chat_offer_sec      int         NOT NULL,
  max_wait_sec        int         NOT NULL,
  wrap_up_sec         int         NOT NULL,
  max_chats           int         NOT NULL,
  no_answer           jsonb       NOT NULL,
  out_of_hours        jsonb       NOT NULL,
  hours               jsonb       NOT NULL,
  responsible_user_id bigint      REFERENCES hub.users (id),
  route_to_owner      boolean     NOT NULL DEFAULT true,
  service_level_sec   int         NOT NULL,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  no_answer_line      text GENERATED ALWAYS AS
    (CASE WHEN no_answer ->> 'action' = 'line' THEN no_answer ->> 'target' END) STORED
    CONSTRAINT lines_no_answer_line_fkey REFERENCES hub.lines (id),
  out_of_hours_line   text GENERATED ALWAYS AS
    (CASE WHEN out_of_hours ->> 'action' = 'line' THEN out_of_hours ->> 'target' END) STORED
    CONSTRAINT lines_out_of_hours_line_fkey REFERENCES hub.lines (id),
  CONSTRAINT lines_id_format CHECK (id ~ '^[a-z0-9][a-z0-9_-]{0,39}$'),
  CONSTRAINT lines_did_format CHECK (did IS NULL OR did ~ '^\+[1-9][0-9]{7,14}$'),
  CONSTRAINT lines_strategy CHECK (strategy IN ('all', 'evenly', 'strictly', 'longest_idle', 'least_busy')),
  CONSTRAINT lines_timers CHECK (call_offer_sec BETWEEN 1 AND 3600 AND chat_offer_sec BETWEEN 1 AND 3600
    AND max_wait_sec BETWEEN 10 AND 86400 AND wrap_up_sec BETWEEN 0 AND 3600),
  CONSTRAINT lines_max_chats CHECK (max_chats BETWEEN 1 AND 50),
  CONSTRAINT lines_service_level CHECK (service_level_sec BETWEEN 1 AND 3600)
);
-- A call to a number must land on exactly one line.
CREATE UNIQUE INDEX lines_did_key ON hub.lines (did) WHERE did IS NOT NULL;
CREATE INDEX lines_no_answer_line ON hub.lines (no_answer_line) WHERE no_answer_line IS NOT NULL;
CREATE INDEX lines_out_of_hours_line ON hub.lines (out_of_hours_line) WHERE out_of_hours_line IS NOT NULL;

-- A line's queue in its fixed order (position 0 first); tier 0 is offered before tier 1.
CREATE TABLE hub.line_members (
  line_id  text   NOT NULL REFERENCES hub.lines (id) ON DELETE CASCADE,
  user_id  bigint NOT NULL REFERENCES hub.users (id),
  position int    NOT NULL CHECK (position >= 0),
  tier     int    NOT NULL CHECK (tier BETWEEN 0 AND 9),
  PRIMARY KEY (line_id, user_id)
);
-- Which lines a user serves (routing's roster, deleting a user).
CREATE INDEX line_members_user ON hub.line_members (user_id);
