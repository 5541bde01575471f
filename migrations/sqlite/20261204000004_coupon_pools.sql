-- The shop's own coupon codes, in named pools (uploaded in the console): a coupon rule naming
-- a pool hands out its next unused code, each code at most once (taken_at set in the granting
-- transaction).
CREATE TABLE coupon_codes (
    id           INTEGER PRIMARY KEY,
    merchant_id  INTEGER NOT NULL REFERENCES merchants (id),
    pool         TEXT NOT NULL,
    code         TEXT NOT NULL,
    added_at     TEXT NOT NULL,
    taken_at     TEXT,
    UNIQUE (merchant_id, code)
);
CREATE INDEX coupon_codes_unused ON coupon_codes (merchant_id, pool, taken_at, id);
