-- Gamification: each merchant's rules (as validated JSON; the default set when absent), the
-- awards they granted (at most one per shipment and rule, enforced here), coupon and invite
-- codes (unique, redeemed at most once), an append-only points ledger (at most one entry per
-- shopper and reason), the leaderboard's running totals per season, delivery ratings, and the
-- name a shopper chose to show (NULL: masked).

CREATE TABLE merchant_rules (
    merchant_id  INTEGER PRIMARY KEY REFERENCES merchants (id),
    rules        TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL
);

ALTER TABLE shoppers ADD COLUMN display_name TEXT;

CREATE TABLE awards (
    id           INTEGER PRIMARY KEY,
    merchant_id  INTEGER NOT NULL REFERENCES merchants (id),
    shopper_id   INTEGER NOT NULL REFERENCES shoppers (id),
    shipment_id  INTEGER NOT NULL REFERENCES shipments (id),
    rule_id      TEXT    NOT NULL,
    -- The rule's trigger as JSON, as it was when granted: what the page says it was for.
    trigger      TEXT    NOT NULL,
    kind         TEXT    NOT NULL CHECK (kind IN ('badge', 'points', 'coupon', 'vip_invite')),
    badge        TEXT,
    points       INTEGER,
    percent_off  INTEGER,
    code         TEXT    UNIQUE,
    mission      TEXT,
    season       TEXT    NOT NULL,
    granted_at   TEXT    NOT NULL,
    expires_at   TEXT,
    redeemed_at  TEXT,
    UNIQUE (shipment_id, rule_id),
    CHECK ((kind IN ('coupon', 'vip_invite')) = (code IS NOT NULL))
);
CREATE INDEX awards_by_shopper ON awards (shopper_id, season, mission);

CREATE TABLE points_ledger (
    id           INTEGER PRIMARY KEY,
    merchant_id  INTEGER NOT NULL REFERENCES merchants (id),
    shopper_id   INTEGER NOT NULL REFERENCES shoppers (id),
    points       INTEGER NOT NULL,
    -- `award:{id}` or `mission:{season}:{mission}`: each at most once per shopper.
    reason       TEXT    NOT NULL,
    award_id     INTEGER REFERENCES awards (id),
    mission      TEXT,
    season       TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    UNIQUE (shopper_id, reason)
);
CREATE INDEX points_ledger_by_shopper ON points_ledger (shopper_id, id);
CREATE TRIGGER points_ledger_no_update BEFORE UPDATE ON points_ledger
BEGIN SELECT RAISE(ABORT, 'points_ledger is append-only'); END;
CREATE TRIGGER points_ledger_no_delete BEFORE DELETE ON points_ledger
BEGIN SELECT RAISE(ABORT, 'points_ledger is append-only'); END;

-- Sums of the ledger by season ('all' for all time), kept in the ledger's transaction: a rank
-- is one count over this index.
CREATE TABLE loyalty_scores (
    merchant_id  INTEGER NOT NULL REFERENCES merchants (id),
    season       TEXT    NOT NULL,
    shopper_id   INTEGER NOT NULL REFERENCES shoppers (id),
    points       INTEGER NOT NULL,
    PRIMARY KEY (merchant_id, season, shopper_id)
);
CREATE INDEX loyalty_scores_rank ON loyalty_scores (merchant_id, season, points);

CREATE TABLE delivery_ratings (
    shipment_id  INTEGER PRIMARY KEY REFERENCES shipments (id),
    stars        INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
    rated_at     TEXT    NOT NULL
);

-- Repeat orders: a shopper's shipments in order.
CREATE INDEX shipments_by_shopper ON shipments (shopper_id, id);
