-- Scoped API keys. Only a SHA-256 of the secret is stored; keys are 256-bit random, so a fast hash is
-- enough (passwords, which are not random, get argon2id).
CREATE TABLE IF NOT EXISTS api_keys
(
    id String,
    name String,
    scope LowCardinality(String),
    secret_sha256 String,
    brands Array(String),
    created_at DateTime64(3, 'UTC'),
    revoked_at Nullable(DateTime64(3, 'UTC')),
    updated_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY id;
