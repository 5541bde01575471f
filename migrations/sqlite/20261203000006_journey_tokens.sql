-- A journey link is a bearer secret: like an API key, only its SHA-256 is stored. A shipment
-- may have several links (the one issued with it, one per /track lookup, one per resend),
-- each opening the same journey; a link with an end is deleted by the hourly sweep after it.
-- Links stored in plaintext before (shipments.shopper_token) move here, hashed, when the
-- server first starts on this schema (storage::sql::hash_plaintext_tokens).
CREATE TABLE journey_tokens (
    token_hash   TEXT    PRIMARY KEY,
    shipment_id  INTEGER NOT NULL REFERENCES shipments (id),
    created_at   TEXT    NOT NULL,
    expires_at   TEXT
);

CREATE INDEX journey_tokens_by_shipment ON journey_tokens (shipment_id);
CREATE INDEX journey_tokens_by_expiry ON journey_tokens (expires_at) WHERE expires_at IS NOT NULL;
