-- A shipment's tracking number is unique within its merchant, not across all of them: two
-- shops may carry the same number, and a 409 must not tell one shop what another ships.
-- SQLite cannot drop a column's UNIQUE, so the table is rebuilt. The rows keep their ids; the
-- foreign keys that point at shipments are checked at commit, once the new table holds them.
PRAGMA defer_foreign_keys = ON;

CREATE TABLE shipments_rebuilt (
    id                       INTEGER PRIMARY KEY,
    merchant_id              INTEGER NOT NULL REFERENCES merchants (id),
    tracking_number          TEXT    NOT NULL,
    -- Before journey_tokens: the plaintext link, moved there as a hash on first start.
    shopper_token            TEXT    UNIQUE,
    origin_city              TEXT    NOT NULL,
    origin_country           TEXT    NOT NULL,
    origin_lat               REAL    NOT NULL,
    origin_lon               REAL    NOT NULL,
    destination_city         TEXT    NOT NULL,
    destination_country      TEXT    NOT NULL,
    destination_lat          REAL    NOT NULL,
    destination_lon          REAL    NOT NULL,
    created_at               TEXT    NOT NULL,
    shopper_id               INTEGER REFERENCES shoppers (id),
    order_ref                TEXT,
    service                  TEXT    NOT NULL DEFAULT 'standard',
    eco                      BOOLEAN NOT NULL DEFAULT FALSE,
    origin_region            TEXT,
    destination_region       TEXT,
    destination_postal_code  TEXT,
    status                   TEXT    NOT NULL DEFAULT 'pending',
    last_event_at            TEXT,
    CONSTRAINT shipments_merchant_tracking_number UNIQUE (merchant_id, tracking_number)
);

INSERT INTO shipments_rebuilt (id, merchant_id, tracking_number, shopper_token, origin_city, origin_country,
    origin_lat, origin_lon, destination_city, destination_country, destination_lat, destination_lon,
    created_at, shopper_id, order_ref, service, eco, origin_region, destination_region,
    destination_postal_code, status, last_event_at)
SELECT id, merchant_id, tracking_number, shopper_token, origin_city, origin_country,
    origin_lat, origin_lon, destination_city, destination_country, destination_lat, destination_lon,
    created_at, shopper_id, order_ref, service, eco, origin_region, destination_region,
    destination_postal_code, status, last_event_at
FROM shipments;

DROP TABLE shipments;
ALTER TABLE shipments_rebuilt RENAME TO shipments;

CREATE INDEX shipments_by_lane ON shipments (origin_country, destination_country, status, last_event_at);
CREATE INDEX shipments_by_shopper ON shipments (shopper_id, id);
-- /track finds a parcel by its number alone, across shops.
CREATE INDEX shipments_by_tracking_number ON shipments (tracking_number);
