-- Edit and delete by the author, and full-text search in message text.

ALTER TABLE chat.messages
  ADD COLUMN edited_at  timestamptz,
  -- a deleted message keeps its seq (the dialog stays gap-free) but loses its text
  ADD COLUMN deleted_at timestamptz,
  -- 'simple': no stemming, so Russian, Portuguese and English text all match word for word
  ADD COLUMN search     tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED;

CREATE INDEX messages_search_idx ON chat.messages USING gin (search);
