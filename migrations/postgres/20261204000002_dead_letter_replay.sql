-- A dead letter remembers the endpoint it was sent to (the request path), so the console can
-- replay it through the same door once its cause is fixed, and when it was replayed.
ALTER TABLE dead_letters ADD COLUMN endpoint TEXT;
ALTER TABLE dead_letters ADD COLUMN replayed_at TIMESTAMPTZ;
