-- Sharing: public links to a journey (`/s/{slug}`), each revocable by its shopper and able to
-- expire, and each merchant's brand colour for share pages and cards.

ALTER TABLE merchants ADD COLUMN brand_colour TEXT;

CREATE TABLE share_links (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    shipment_id  BIGINT      NOT NULL REFERENCES shipments (id),
    -- 128 random bits, base64url: the link cannot be guessed from the journey or another link.
    slug         TEXT        NOT NULL UNIQUE,
    -- The card's language: the shopper's when they shared.
    locale       TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);
CREATE INDEX share_links_by_shipment ON share_links (shipment_id, created_at);
