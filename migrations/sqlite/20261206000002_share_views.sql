-- How often each shared journey page was opened: the seller's share-page views.
ALTER TABLE share_links ADD COLUMN views INTEGER NOT NULL DEFAULT 0;
