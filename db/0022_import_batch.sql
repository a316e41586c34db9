-- The bulk import's staging table (storeEncodedMentions): each batch is parsed once, into memory, then
-- deduplicated and copied into mentions by the engine, so no list of its keys crosses from JavaScript.
-- Holds one batch at a time, of the one import that holds the data directory; emptied before each batch.
CREATE TABLE IF NOT EXISTS import_batch
(
    brand LowCardinality(String),
    created_at DateTime64(3, 'UTC'),
    source LowCardinality(String),
    id String,
    text String,
    author String,
    author_followers UInt64,
    lang LowCardinality(String),
    country LowCardinality(String),
    url String,
    in_reply_to String,
    score Float32,
    label LowCardinality(String),
    sentiment_version LowCardinality(String)
)
ENGINE = Memory;
