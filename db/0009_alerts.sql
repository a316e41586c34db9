-- Alert rules per brand: which metric, how far above expected (robust sigmas) and how often at most.
CREATE TABLE IF NOT EXISTS alert_rules
(
    id String,
    brand LowCardinality(String),
    metric LowCardinality(String),
    min_severity Float64,
    cooldown_s UInt32,
    deleted UInt8,
    created_at DateTime64(3, 'UTC'),
    updated_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY id;

-- Where alerts go. An empty brand list means every brand. The secret signs generic deliveries.
CREATE TABLE IF NOT EXISTS webhooks
(
    id String,
    url String,
    kind LowCardinality(String),
    secret String,
    brands Array(String),
    deleted UInt8,
    created_at DateTime64(3, 'UTC'),
    updated_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY id;

-- One row per delivery attempt outcome. dedupe_key (spike, rule, phase, webhook) is what makes a retried tick
-- send nothing twice: a key with a 'delivered' row is never sent again.
CREATE TABLE IF NOT EXISTS alert_log
(
    brand LowCardinality(String),
    at DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1)),
    dedupe_key String,
    spike_id String,
    rule_id String,
    webhook_id String,
    phase LowCardinality(String),
    attempt UInt8,
    outcome LowCardinality(String),
    status UInt16,
    error String
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (brand, at, dedupe_key);
