-- A feed server that answers 429 or 503 with Retry-After is left alone that long (capped by the poller's
-- longest backoff) rather than asked again on the failure backoff, which starts at the feed's interval.
ALTER TABLE source_feeds ADD COLUMN IF NOT EXISTS retry_after_s UInt32 DEFAULT 0 AFTER failures;
