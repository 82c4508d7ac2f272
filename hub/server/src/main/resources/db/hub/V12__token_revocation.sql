-- Tokens issued to a user before this moment are refused: set when the user signs out, is
-- deactivated, changes role or gets a new password, so none of that waits for the token's expiry
-- (auth.tokenTtlMinutes, 12 h by default). Null: every unexpired token of the user is good.
ALTER TABLE hub.users ADD COLUMN tokens_valid_after timestamptz;
