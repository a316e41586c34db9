-- Per-brand desk settings: the zone the brand's team works in and its opening hours, for the response-latency
-- split by business hours. Weekday is ISO (1 = Monday); minutes count from local midnight, close exclusive.
-- Rarely written, read whole: the newest version wins on merge, readers take argMax by updated_at.
CREATE TABLE IF NOT EXISTS brand_settings
(
    brand LowCardinality(String),
    timezone String,
    business_hours Array(Tuple(weekday UInt8, open_minute UInt16, close_minute UInt16)),
    updated_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY brand;
