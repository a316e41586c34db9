-- Brand totals per hour, with no source/lang/country: what the dashboard snapshot reads once a step is an
-- hour or longer (the 7- and 30-day windows). mention_rollup_1h holds a row per brand, hour and
-- dimension combination (tens per hour); this one holds one, so a 30-day snapshot with its previous
-- window reads ~1,440 rows per brand instead of tens of thousands.
CREATE TABLE IF NOT EXISTS mention_rollup_brand_1h
(
    brand LowCardinality(String),
    hour DateTime('UTC'),
    mentions UInt64,
    negative UInt64,
    neutral UInt64,
    positive UInt64,
    sentiment_sum Float64,
    reach UInt64
)
ENGINE = SummingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (brand, hour);

CREATE MATERIALIZED VIEW IF NOT EXISTS mention_rollup_brand_1h_mv TO mention_rollup_brand_1h AS
SELECT
    brand,
    toStartOfHour(created_at) AS hour,
    count() AS mentions,
    countIf(label = 'negative') AS negative,
    countIf(label = 'neutral') AS neutral,
    countIf(label = 'positive') AS positive,
    sum(toFloat64(score)) AS sentiment_sum,
    sum(author_followers) AS reach
FROM mentions
GROUP BY brand, hour;

-- Backfill from the dimensioned hour rollup (not raw mentions), for data written before this migration.
-- Migrations run at startup before ingest opens, so no row reaches both the view and this copy.
INSERT INTO mention_rollup_brand_1h
SELECT brand, hour, sum(mentions), sum(negative), sum(neutral), sum(positive), sum(sentiment_sum), sum(reach)
FROM mention_rollup_1h
WHERE (SELECT count() FROM mention_rollup_brand_1h) = 0
GROUP BY brand, hour;
