-- The customer's message is counted on the session in the same statement that finds or opens it;
-- the last inbox row counted keeps a re-processed row (after a crash) from counting twice.
ALTER TABLE openlines.sessions ADD COLUMN last_inbox_id bigint NOT NULL DEFAULT 0;
