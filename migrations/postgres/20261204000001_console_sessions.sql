-- Console sign-in sessions, in the shape tower-sessions' sqlx store reads and writes (we create
-- the table here rather than through its own migrate(), so both databases' schemas stay ours):
-- the session id (128 random bits, base64), its data (MessagePack) and when it lapses.
CREATE TABLE console_sessions (
    id           TEXT PRIMARY KEY NOT NULL,
    data         BYTEA NOT NULL,
    expiry_date  TIMESTAMPTZ NOT NULL
);

CREATE INDEX console_sessions_by_expiry ON console_sessions (expiry_date);
