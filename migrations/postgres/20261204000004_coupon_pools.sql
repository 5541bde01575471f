-- The shop's own coupon codes, in named pools (uploaded in the console): a coupon rule naming
-- a pool hands out its next unused code, each code at most once (taken_at set in the granting
-- transaction).
CREATE TABLE coupon_codes (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    merchant_id  BIGINT NOT NULL REFERENCES merchants (id),
    pool         TEXT NOT NULL,
    code         TEXT NOT NULL,
    added_at     TIMESTAMPTZ NOT NULL,
    taken_at     TIMESTAMPTZ,
    UNIQUE (merchant_id, code)
);
CREATE INDEX coupon_codes_unused ON coupon_codes (merchant_id, pool, taken_at, id);
