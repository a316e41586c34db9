-- Spike events, one row per version: every lifecycle transition (forming, peak, resolved) writes a new version
-- of the spike's row and reads use FINAL. Drivers are computed once the spike resolves and cached on the row.
CREATE TABLE IF NOT EXISTS spikes
(
    brand LowCardinality(String),
    started_at DateTime64(3, 'UTC'),
    id String,
    metric LowCardinality(String),
    source LowCardinality(String),
    phase LowCardinality(String),
    direction LowCardinality(String),
    detected_at DateTime64(3, 'UTC'),
    peak_at DateTime64(3, 'UTC'),
    ended_at Nullable(DateTime64(3, 'UTC')),
    severity Float64,
    peak_value Float64,
    peak_expected Float64,
    drivers String,
    updated_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(updated_at)
PARTITION BY toYYYYMM(started_at)
ORDER BY (brand, started_at, id);

-- Analyst notes on a brand's timeline. Deleting writes a tombstone version (deleted = 1).
CREATE TABLE IF NOT EXISTS annotations
(
    brand LowCardinality(String),
    id String,
    at DateTime64(3, 'UTC'),
    text String,
    author String,
    created_at DateTime64(3, 'UTC'),
    deleted UInt8,
    updated_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY (brand, id);
