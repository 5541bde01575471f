-- Merchants, their API keys, shipments with their secret shopper tokens, the milestones they
-- reached and the positions streamed to journey pages.

CREATE TABLE merchants (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug        TEXT        NOT NULL UNIQUE,
    name        TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE api_keys (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    merchant_id  BIGINT      NOT NULL REFERENCES merchants (id),
    key_prefix   TEXT        NOT NULL UNIQUE,
    -- SHA-256 of the whole key, hex. The key itself is shown once and never stored.
    key_hash     TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    revoked_at   TIMESTAMPTZ
);

CREATE TABLE shipments (
    id                    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    merchant_id           BIGINT           NOT NULL REFERENCES merchants (id),
    tracking_number       TEXT             NOT NULL UNIQUE,
    shopper_token         TEXT             NOT NULL UNIQUE,
    origin_city           TEXT             NOT NULL,
    origin_country        TEXT             NOT NULL,
    origin_lat            DOUBLE PRECISION NOT NULL,
    origin_lon            DOUBLE PRECISION NOT NULL,
    destination_city      TEXT             NOT NULL,
    destination_country   TEXT             NOT NULL,
    destination_lat       DOUBLE PRECISION NOT NULL,
    destination_lon       DOUBLE PRECISION NOT NULL,
    created_at            TIMESTAMPTZ      NOT NULL
);

CREATE TABLE shipment_milestones (
    shipment_id  BIGINT      NOT NULL REFERENCES shipments (id),
    milestone    TEXT        NOT NULL,
    reached_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (shipment_id, milestone)
);

CREATE TABLE positions (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    shipment_id  BIGINT           NOT NULL REFERENCES shipments (id),
    lat          DOUBLE PRECISION NOT NULL,
    lon          DOUBLE PRECISION NOT NULL,
    recorded_at  TIMESTAMPTZ      NOT NULL,
    received_at  TIMESTAMPTZ      NOT NULL
);

CREATE INDEX positions_by_shipment ON positions (shipment_id, id);
