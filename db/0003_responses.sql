-- Brand replies. Only the first reply to a mention is kept: latency means time to first answer.
CREATE TABLE IF NOT EXISTS responses
(
    brand LowCardinality(String),
    responded_at DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1)),
    mention_id String,
    mention_source LowCardinality(String),
    mention_created_at DateTime64(3, 'UTC'),
    latency_s Float64,
    channel LowCardinality(String),
    agent String,
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(responded_at)
ORDER BY (brand, responded_at, mention_id);

CREATE TABLE IF NOT EXISTS response_keys
(
    brand LowCardinality(String),
    mention_id String,
    responded_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree
ORDER BY (brand, mention_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS response_keys_mv TO response_keys AS
SELECT brand, mention_id, responded_at FROM responses;

CREATE TABLE IF NOT EXISTS response_rollup_1m
(
    brand LowCardinality(String),
    minute DateTime('UTC'),
    channel LowCardinality(String),
    responses SimpleAggregateFunction(sum, UInt64),
    within_1h SimpleAggregateFunction(sum, UInt64),
    latency AggregateFunction(quantilesTDigest(0.5, 0.9), Float64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(minute)
ORDER BY (brand, minute, channel);

CREATE MATERIALIZED VIEW IF NOT EXISTS response_rollup_1m_mv TO response_rollup_1m AS
SELECT
    brand,
    toStartOfMinute(responded_at) AS minute,
    channel,
    count() AS responses,
    countIf(latency_s <= 3600) AS within_1h,
    quantilesTDigestState(0.5, 0.9)(latency_s) AS latency
FROM responses
GROUP BY brand, minute, channel;

CREATE TABLE IF NOT EXISTS response_rollup_1h
(
    brand LowCardinality(String),
    hour DateTime('UTC'),
    channel LowCardinality(String),
    responses SimpleAggregateFunction(sum, UInt64),
    within_1h SimpleAggregateFunction(sum, UInt64),
    latency AggregateFunction(quantilesTDigest(0.5, 0.9), Float64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (brand, hour, channel);

CREATE MATERIALIZED VIEW IF NOT EXISTS response_rollup_1h_mv TO response_rollup_1h AS
SELECT
    brand,
    toStartOfHour(responded_at) AS hour,
    channel,
    count() AS responses,
    countIf(latency_s <= 3600) AS within_1h,
    quantilesTDigestState(0.5, 0.9)(latency_s) AS latency
FROM responses
GROUP BY brand, hour, channel;
