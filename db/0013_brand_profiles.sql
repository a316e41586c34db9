-- What an admin says about a brand beyond its desk hours (db/0006): display name, the keywords and
-- competitors it is tracked against, and its chart colour. Newest version wins (FINAL); deleted = 1 hides it.
CREATE TABLE IF NOT EXISTS brand_profiles
(
    brand String,
    name String,
    keywords Array(String),
    competitors Array(String),
    colour String,
    deleted UInt8 DEFAULT 0,
    updated_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY brand;

-- When each API key was last used, written at most once a minute per key and node.
CREATE TABLE IF NOT EXISTS api_key_usage
(
    key_id String,
    last_used_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(last_used_at)
ORDER BY key_id;
