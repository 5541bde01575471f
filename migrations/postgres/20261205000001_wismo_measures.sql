-- What the seller's WISMO measures are computed from.
--
-- shipment_facts: one row per shipment, rewritten by the fold in the ingest transaction, with
-- times as whole seconds since 1970 (integers on both databases) so weekly buckets and
-- durations are plain integer arithmetic in SQL that SQLite and PostgreSQL read alike.
CREATE TABLE shipment_facts (
    shipment_id          BIGINT PRIMARY KEY REFERENCES shipments (id),
    merchant_id          BIGINT NOT NULL REFERENCES merchants (id),
    origin_country       TEXT    NOT NULL,
    destination_country  TEXT    NOT NULL,
    carrier              TEXT    NOT NULL,
    service              TEXT    NOT NULL,
    ordered_epoch        BIGINT NOT NULL,
    first_scan_seconds   BIGINT,
    longest_gap_seconds  BIGINT NOT NULL,
    last_update_epoch    BIGINT,
    customs_dwell_seconds BIGINT,
    delivered_epoch      BIGINT,
    ended                BOOLEAN NOT NULL
);
CREATE INDEX shipment_facts_by_order_time ON shipment_facts (merchant_id, ordered_epoch);
CREATE INDEX shipment_facts_by_delivery_time ON shipment_facts (merchant_id, delivered_epoch);

-- "Where is my order?" contacts: from the journey page's help entry (channel journey_page,
-- with the stage and silence the shopper saw) or from a helpdesk (API, CSV).
CREATE TABLE wismo_contacts (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    merchant_id      BIGINT NOT NULL REFERENCES merchants (id),
    shipment_id      BIGINT REFERENCES shipments (id),
    order_ref        TEXT,
    channel          TEXT    NOT NULL,
    category         TEXT    NOT NULL,
    stage            TEXT,
    silence_seconds  BIGINT,
    escalated        BOOLEAN NOT NULL DEFAULT FALSE,
    contacted_epoch  BIGINT NOT NULL,
    -- A helpdesk's own id: the same contact sent twice is kept once.
    external_id      TEXT,
    UNIQUE (merchant_id, channel, external_id)
);
CREATE INDEX wismo_contacts_by_time ON wismo_contacts (merchant_id, contacted_epoch);
CREATE INDEX wismo_contacts_by_shipment ON wismo_contacts (shipment_id);

-- Delivery disputes (did not receive, damaged, ...): at most one per shipment from the page.
CREATE TABLE delivery_disputes (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    merchant_id   BIGINT NOT NULL REFERENCES merchants (id),
    shipment_id   BIGINT REFERENCES shipments (id),
    order_ref     TEXT,
    channel       TEXT    NOT NULL,
    reason        TEXT    NOT NULL,
    comment       TEXT,
    filed_epoch   BIGINT NOT NULL,
    external_id   TEXT,
    UNIQUE (merchant_id, channel, external_id)
);
CREATE INDEX delivery_disputes_by_time ON delivery_disputes (merchant_id, filed_epoch);
CREATE UNIQUE INDEX delivery_disputes_one_per_journey ON delivery_disputes (shipment_id) WHERE channel = 'journey_page';

-- The rating asked once after delivery: the delivery (stars), the tracking information, tags and
-- a comment in the shopper's language.
ALTER TABLE delivery_ratings ADD COLUMN tracking_stars INTEGER CHECK (tracking_stars BETWEEN 1 AND 5);
ALTER TABLE delivery_ratings ADD COLUMN tags TEXT NOT NULL DEFAULT '';
ALTER TABLE delivery_ratings ADD COLUMN comment TEXT;
ALTER TABLE delivery_ratings ADD COLUMN locale TEXT;
