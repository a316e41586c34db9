-- Who did what: admin actions and logins, kept for a year.
CREATE TABLE IF NOT EXISTS audit_log
(
    at DateTime64(3, 'UTC') DEFAULT now64(3),
    actor String,
    action LowCardinality(String),
    target String,
    ip String,
    outcome LowCardinality(String),
    detail String
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (at, action)
TTL toDateTime(at) + INTERVAL 1 YEAR;
