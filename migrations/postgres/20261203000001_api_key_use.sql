-- When each key last authenticated a request (updated at most once a minute), for the
-- seller deciding which keys to revoke.
ALTER TABLE api_keys ADD COLUMN last_used_at TIMESTAMPTZ;
