-- Each opening of a journey page, and how long the shopper had it in view: the seller's
-- engagement numbers (page views and time on page per shipment).
CREATE TABLE journey_views (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    shipment_id      BIGINT NOT NULL REFERENCES shipments (id),
    opened_at        TIMESTAMPTZ NOT NULL,
    seconds_visible  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX journey_views_shipment ON journey_views (shipment_id);
