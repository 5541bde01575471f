-- Shipments whose rewards are still to be evaluated. Marked in the transaction that commits
-- their new scans, cleared once the evaluation ran; what a crash or a failure between the two
-- steps leaves here, a worker evaluates (grants are unique per shipment and rule, so an
-- evaluation run twice grants once). `generation` tells a mark from a newer one.
CREATE TABLE pending_reward_evaluations (
    shipment_id BIGINT      PRIMARY KEY REFERENCES shipments (id),
    generation  BIGINT      NOT NULL,
    marked_at   TIMESTAMPTZ NOT NULL
);
