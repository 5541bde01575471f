-- When the shopper first saw a reward: on a journey page that showed it, or by turning over
-- the card of one that arrived while the page was open (the seller's reveal rate).
ALTER TABLE awards ADD COLUMN revealed_at TEXT;
