-- Free-text search over mentions (GET /api/v1/mentions?q=, /export, /breakdown). ClickHouse's `text`
-- (inverted) index: an exact per-part dictionary of tokens with posting lists, so a rare word reads only
-- the granules that hold it, with no false positives and no bloom-filter sizing to tune. Queries use
-- hasAllTokens(lower(text), ...) so the index expression matches. Measured against tokenbf_v1 in
-- src/bench/drilldown.ts and src/lib/server/drilldown/search.test.ts (EXPLAIN indexes = 1).
ALTER TABLE mentions ADD INDEX IF NOT EXISTS text_tokens lower(text) TYPE text(tokenizer = splitByNonAlpha);

-- Builds the index for parts written before this migration; new parts get it on insert and merge.
ALTER TABLE mentions MATERIALIZE INDEX text_tokens;
