-- How a shop shapes its shoppers' pages: its logo (uploaded images, named by their SHA-256),
-- its own words per language (tier names, story lines: JSON), and every saved version of the
-- whole design (name, colour, logo, words, rules: JSON) with who saved it and when. The live
-- values stay where the pages read them (merchants, merchant_rules); a save writes both in
-- one transaction.

ALTER TABLE merchants ADD COLUMN logo_digest TEXT;
ALTER TABLE merchants ADD COLUMN page_words TEXT;

CREATE TABLE merchant_logos (
    merchant_id   INTEGER NOT NULL REFERENCES merchants (id),
    digest        TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    bytes         BLOB NOT NULL,
    uploaded_at   TEXT NOT NULL,
    PRIMARY KEY (merchant_id, digest)
);

CREATE TABLE page_designs (
    merchant_id   INTEGER NOT NULL REFERENCES merchants (id),
    version       INTEGER NOT NULL,
    design        TEXT NOT NULL,
    -- The console user's email, or "API" for a change through the API.
    saved_by      TEXT NOT NULL,
    saved_at      TEXT NOT NULL,
    PRIMARY KEY (merchant_id, version)
);
