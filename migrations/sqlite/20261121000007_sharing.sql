-- Sharing: public links to a journey (`/s/{slug}`), each revocable by its shopper and able to
-- expire, and each merchant's brand colour for share pages and cards.

ALTER TABLE merchants ADD COLUMN brand_colour TEXT;

CREATE TABLE share_links (
    id           INTEGER PRIMARY KEY,
    shipment_id  INTEGER NOT NULL REFERENCES shipments (id),
    -- 128 random bits, base64url: the link cannot be guessed from the journey or another link.
    slug         TEXT    NOT NULL UNIQUE,
    -- The card's language: the shopper's when they shared.
    locale       TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    expires_at   TEXT,
    revoked_at   TEXT
);
CREATE INDEX share_links_by_shipment ON share_links (shipment_id, created_at);
