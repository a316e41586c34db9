-- Per-minute and per-hour rollups that every chart reads; raw mentions are never scanned for charts.
CREATE TABLE IF NOT EXISTS mention_rollup_1m
(
    brand LowCardinality(String),
    minute DateTime('UTC'),
    source LowCardinality(String),
    lang LowCardinality(String),
    country LowCardinality(String),
    mentions UInt64,
    negative UInt64,
    neutral UInt64,
    positive UInt64,
    sentiment_sum Float64,
    reach UInt64
)
ENGINE = SummingMergeTree
PARTITION BY toYYYYMM(minute)
ORDER BY (brand, minute, source, lang, country);

CREATE MATERIALIZED VIEW IF NOT EXISTS mention_rollup_1m_mv TO mention_rollup_1m AS
SELECT
    brand,
    toStartOfMinute(created_at) AS minute,
    source,
    lang,
    country,
    count() AS mentions,
    countIf(label = 'negative') AS negative,
    countIf(label = 'neutral') AS neutral,
    countIf(label = 'positive') AS positive,
    sum(toFloat64(score)) AS sentiment_sum,
    sum(author_followers) AS reach
FROM mentions
GROUP BY brand, minute, source, lang, country;

CREATE TABLE IF NOT EXISTS mention_rollup_1h
(
    brand LowCardinality(String),
    hour DateTime('UTC'),
    source LowCardinality(String),
    lang LowCardinality(String),
    country LowCardinality(String),
    mentions UInt64,
    negative UInt64,
    neutral UInt64,
    positive UInt64,
    sentiment_sum Float64,
    reach UInt64
)
ENGINE = SummingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (brand, hour, source, lang, country);

CREATE MATERIALIZED VIEW IF NOT EXISTS mention_rollup_1h_mv TO mention_rollup_1h AS
SELECT
    brand,
    toStartOfHour(created_at) AS hour,
    source,
    lang,
    country,
    count() AS mentions,
    countIf(label = 'negative') AS negative,
    countIf(label = 'neutral') AS neutral,
    countIf(label = 'positive') AS positive,
    sum(toFloat64(score)) AS sentiment_sum,
    sum(author_followers) AS reach
FROM mentions
GROUP BY brand, hour, source, lang, country;
