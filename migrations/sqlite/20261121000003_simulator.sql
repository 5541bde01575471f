-- Journeys the simulator is still playing forward. A journey is replanned from its lane,
-- option and seed (plans are deterministic), so a restarted server resumes every one of them;
-- events already stored are recognised by their external ids and not stored twice.
CREATE TABLE simulated_journeys (
    shipment_id   INTEGER PRIMARY KEY REFERENCES shipments (id),
    lane          TEXT    NOT NULL,
    option_index  INTEGER NOT NULL,
    seed          INTEGER NOT NULL,
    ordered_at    TEXT    NOT NULL,
    -- The real time at which simulated time `ordered_at` is played, and how much faster
    -- simulated time runs than real time (1 = real time).
    wall_anchor   TEXT    NOT NULL,
    acceleration  REAL    NOT NULL,
    finished      BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX simulated_journeys_running ON simulated_journeys (finished);

-- The public lookup (/track) finds a parcel by any leg's carrier number, whatever the merchant.
CREATE INDEX shipment_legs_carrier_number ON shipment_legs (carrier_tracking_number);
