-- A customer can ask to be called back (the website's callback form): outcome callback_requested,
-- which the linking rules turn into an open callback activity like a missed call's.
ALTER DOMAIN crm.outcome DROP CONSTRAINT outcome_check;
ALTER DOMAIN crm.outcome ADD CONSTRAINT outcome_check
  CHECK (VALUE IN ('answered', 'missed', 'abandoned', 'busy', 'declined', 'failed', 'received', 'sent',
                   'callback_requested'));
