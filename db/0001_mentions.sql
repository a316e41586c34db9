-- Raw mentions, one row per mention. Sort key led by brand and time: every query starts there.
-- ReplacingMergeTree is a safety net only; duplicates are refused before insert (see mention_keys).
CREATE TABLE IF NOT EXISTS mentions
(
    brand LowCardinality(String),
    created_at DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1)),
    source LowCardinality(String),
    id String,
    text String CODEC(ZSTD(3)),
    author String,
    author_followers UInt64,
    lang LowCardinality(String),
    country LowCardinality(String),
    url String CODEC(ZSTD(3)),
    in_reply_to String,
    score Float32,
    label LowCardinality(String),
    sentiment_version LowCardinality(String),
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(created_at)
ORDER BY (brand, created_at, source, id);

-- One row per (brand, id, source): the dedupe lookup and the lookup of a mention by its id for replies.
CREATE TABLE IF NOT EXISTS mention_keys
(
    brand LowCardinality(String),
    id String,
    source LowCardinality(String),
    created_at DateTime64(3, 'UTC'),
    label LowCardinality(String),
    author_followers UInt64
)
ENGINE = ReplacingMergeTree
ORDER BY (brand, id, source);

CREATE MATERIALIZED VIEW IF NOT EXISTS mention_keys_mv TO mention_keys AS
SELECT brand, id, source, created_at, label, author_followers FROM mentions;
