-- Merchants, their API keys, shipments with their secret shopper tokens, the milestones they
-- reached and the positions streamed to journey pages.

CREATE TABLE merchants (
    id          INTEGER PRIMARY KEY,
    slug        TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    created_at  TEXT    NOT NULL
);

CREATE TABLE api_keys (
    id           INTEGER PRIMARY KEY,
    merchant_id  INTEGER NOT NULL REFERENCES merchants (id),
    key_prefix   TEXT    NOT NULL UNIQUE,
    -- SHA-256 of the whole key, hex. The key itself is shown once and never stored.
    key_hash     TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    revoked_at   TEXT
);

CREATE TABLE shipments (
    id                    INTEGER PRIMARY KEY,
    merchant_id           INTEGER NOT NULL REFERENCES merchants (id),
    tracking_number       TEXT    NOT NULL UNIQUE,
    shopper_token         TEXT    NOT NULL UNIQUE,
    origin_city           TEXT    NOT NULL,
    origin_country        TEXT    NOT NULL,
    origin_lat            REAL    NOT NULL,
    origin_lon            REAL    NOT NULL,
    destination_city      TEXT    NOT NULL,
    destination_country   TEXT    NOT NULL,
    destination_lat       REAL    NOT NULL,
    destination_lon       REAL    NOT NULL,
    created_at            TEXT    NOT NULL
);

CREATE TABLE shipment_milestones (
    shipment_id  INTEGER NOT NULL REFERENCES shipments (id),
    milestone    TEXT    NOT NULL,
    reached_at   TEXT    NOT NULL,
    PRIMARY KEY (shipment_id, milestone)
);

CREATE TABLE positions (
    -- AUTOINCREMENT: ids are live-stream event ids and must never be reused.
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    shipment_id  INTEGER NOT NULL REFERENCES shipments (id),
    lat          REAL    NOT NULL,
    lon          REAL    NOT NULL,
    recorded_at  TEXT    NOT NULL,
    received_at  TEXT    NOT NULL
);

CREATE INDEX positions_by_shipment ON positions (shipment_id, id);
