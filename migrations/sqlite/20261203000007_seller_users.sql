-- People who sign in to the console: each belongs to one merchant, signs in with an email
-- (unique across merchants: the sign-in names the shop) and a password stored only as an
-- Argon2id PHC string. Disabled users keep their row (who did what stays readable).
CREATE TABLE seller_users (
    id             INTEGER PRIMARY KEY,
    merchant_id    INTEGER NOT NULL REFERENCES merchants (id),
    email          TEXT    NOT NULL,
    role           TEXT    NOT NULL,
    password_hash  TEXT    NOT NULL,
    created_at     TEXT    NOT NULL,
    disabled_at    TEXT,
    CONSTRAINT seller_users_email UNIQUE (email)
);

CREATE INDEX seller_users_by_merchant ON seller_users (merchant_id, id);
