-- Polled feeds (RSS 2.0 / Atom). One row per feed id; every change writes a new version, reads use FINAL.
-- The poll state lives beside the definition so a restart resumes conditional GETs and backoff where it was.
CREATE TABLE IF NOT EXISTS source_feeds
(
    id String,
    url String,
    brand LowCardinality(String),
    source LowCardinality(String),
    interval_s UInt32,
    last_etag String,
    last_modified String,
    last_polled_at Nullable(DateTime64(3, 'UTC')),
    last_error String,
    failures UInt32,
    deleted UInt8,
    updated_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY id;

-- Webhook sources by name: the brand they feed, their secrets (app secret, verify token, signing secret),
-- the account ids that are the brand itself (their posts are replies, not mentions) and, for the generic
-- webhook, the JSON field mapping.
CREATE TABLE IF NOT EXISTS source_webhooks
(
    name String,
    kind LowCardinality(String),
    brand LowCardinality(String),
    secret String,
    verify_token String,
    own_accounts Array(String),
    mapping String,
    deleted UInt8,
    updated_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY name;
