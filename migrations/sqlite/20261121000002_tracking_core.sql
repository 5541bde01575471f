-- The tracking core: shoppers, shipment details and carrier legs, normalised events (which
-- replace the bare positions table; a position is an event with coordinates), webhook
-- secrets and deliveries, and the dead-letter table for payloads that could not be parsed.

CREATE TABLE shoppers (
    id            INTEGER PRIMARY KEY,
    merchant_id   INTEGER NOT NULL REFERENCES merchants (id),
    reference     TEXT    NOT NULL,
    name          TEXT,
    email         TEXT,
    locale        TEXT,
    created_at    TEXT    NOT NULL,
    UNIQUE (merchant_id, reference)
);

ALTER TABLE shipments ADD COLUMN shopper_id INTEGER REFERENCES shoppers (id);
ALTER TABLE shipments ADD COLUMN order_ref TEXT;
ALTER TABLE shipments ADD COLUMN service TEXT NOT NULL DEFAULT 'standard';
ALTER TABLE shipments ADD COLUMN eco BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE shipments ADD COLUMN origin_region TEXT;
ALTER TABLE shipments ADD COLUMN destination_region TEXT;
ALTER TABLE shipments ADD COLUMN destination_postal_code TEXT;
-- Derived from the events by the fold on every append; kept for lists and analytics.
ALTER TABLE shipments ADD COLUMN status TEXT NOT NULL DEFAULT 'pending';
ALTER TABLE shipments ADD COLUMN last_event_at TEXT;

CREATE TABLE shipment_legs (
    id                       INTEGER PRIMARY KEY,
    shipment_id              INTEGER NOT NULL REFERENCES shipments (id),
    merchant_id              INTEGER NOT NULL REFERENCES merchants (id),
    seq                      INTEGER NOT NULL,
    carrier                  TEXT    NOT NULL,
    carrier_tracking_number  TEXT    NOT NULL,
    mode                     TEXT    NOT NULL,
    handoff_city             TEXT,
    handoff_country          TEXT,
    handoff_lat              REAL,
    handoff_lon              REAL,
    UNIQUE (shipment_id, seq),
    -- An event names a carrier number: within a merchant it must point at one shipment.
    UNIQUE (merchant_id, carrier_tracking_number)
);

CREATE TABLE tracking_events (
    -- AUTOINCREMENT: ids are live-stream event ids and must never be reused.
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    shipment_id   INTEGER NOT NULL REFERENCES shipments (id),
    code          TEXT    NOT NULL,
    occurred_at   TEXT    NOT NULL,
    source        TEXT    NOT NULL,
    -- Dedupe: `source:external_id` when the source gave an id, and a hash of the content.
    external_key  TEXT,
    content_key   TEXT    NOT NULL,
    lat           REAL,
    lon           REAL,
    -- The normalised event as JSON, raw payload included.
    body          TEXT    NOT NULL,
    received_at   TEXT    NOT NULL,
    UNIQUE (shipment_id, content_key),
    UNIQUE (shipment_id, external_key)
);

CREATE INDEX tracking_events_by_shipment ON tracking_events (shipment_id, id);
-- The fold reads a shipment's latest position ping without scanning its history.
CREATE INDEX tracking_events_by_code_and_time ON tracking_events (shipment_id, code, occurred_at);

-- Earlier positions become position events, keeping their ids so open streams resume.
INSERT INTO tracking_events (id, shipment_id, code, occurred_at, source, content_key, lat, lon, body, received_at)
SELECT id, shipment_id, 'position', recorded_at, 'native', 'migrated-position-' || id, lat, lon,
       json_object('code', 'position', 'occurred_at', recorded_at,
                   'location', json_object('lat', lat, 'lon', lon),
                   'actor', 'carrier', 'source', 'native', 'raw', json_object()),
       received_at
FROM positions;

-- Milestones recorded before events existed become milestone events, so the fold sees them.
INSERT INTO tracking_events (shipment_id, code, occurred_at, source, content_key, body, received_at)
SELECT shipment_id, milestone, reached_at, 'native', 'migrated-milestone-' || shipment_id || '-' || milestone,
       json_object('code', milestone, 'occurred_at', reached_at,
             'actor', CASE milestone WHEN 'order_confirmed' THEN 'merchant' WHEN 'packed' THEN 'warehouse'
                   WHEN 'customs_cleared' THEN 'customs' WHEN 'out_for_delivery' THEN 'last_mile'
                   WHEN 'delivered' THEN 'last_mile' ELSE 'carrier' END,
             'source', 'native', 'raw', json_object()),
       reached_at
FROM shipment_milestones;

DROP TABLE positions;

CREATE TABLE webhook_secrets (
    merchant_id  INTEGER NOT NULL REFERENCES merchants (id),
    source       TEXT    NOT NULL,
    -- Kept as given: checking an HMAC needs the secret itself.
    secret       TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    PRIMARY KEY (merchant_id, source)
);

CREATE TABLE webhook_deliveries (
    merchant_id  INTEGER NOT NULL REFERENCES merchants (id),
    source       TEXT    NOT NULL,
    delivery_id  TEXT    NOT NULL,
    received_at  TEXT    NOT NULL,
    PRIMARY KEY (merchant_id, source, delivery_id)
);

CREATE TABLE dead_letters (
    id           INTEGER PRIMARY KEY,
    merchant_id  INTEGER NOT NULL REFERENCES merchants (id),
    source       TEXT    NOT NULL,
    field        TEXT    NOT NULL,
    reason       TEXT    NOT NULL,
    payload      TEXT    NOT NULL,
    received_at  TEXT    NOT NULL
);

CREATE INDEX dead_letters_by_merchant ON dead_letters (merchant_id, id);
