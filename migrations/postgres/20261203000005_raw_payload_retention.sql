-- An event keeps the payload it came in (for the seller's investigations) only for
-- retention.raw_payload_days; then the payload is dropped from its body and the flag cleared.
-- The partial index holds only events that still keep theirs, so the hourly sweep reads
-- the old ones among them without scanning the history.
ALTER TABLE tracking_events ADD COLUMN raw_kept BOOLEAN NOT NULL DEFAULT TRUE;
CREATE INDEX tracking_events_keeping_raw ON tracking_events (received_at) WHERE raw_kept;
