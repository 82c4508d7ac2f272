-- The full-text index's pending list (GIN fastupdate) is kept small. The insert that fills the list
-- merges all of it into the index while its transaction is open; with the default 4 MB that was
-- hundreds of milliseconds every ~14 s under load, and every message behind it waited (the open-line
-- webhook benchmark's end-to-end stalls). 256 kB makes each merge about sixteen times shorter,
-- while words still go into the index in batches (fastupdate off stopped the stalls too, but cost
-- a fifth of the throughput).
ALTER INDEX chat.messages_search_idx SET (gin_pending_list_limit = 256);
