-- People who log in with a password. Rarely written, read whole: every write is a new version of the row
-- (reads use FINAL), deleting writes a tombstone (deleted = 1). Passwords are argon2id PHC strings.
-- sessions_valid_after ends every session started before it: bumped when the password changes.
CREATE TABLE IF NOT EXISTS users
(
    id String,
    email String,
    name String,
    role LowCardinality(String),
    brands Array(String),
    password_hash String,
    disabled UInt8 DEFAULT 0,
    deleted UInt8 DEFAULT 0,
    sessions_valid_after DateTime64(3, 'UTC'),
    created_at DateTime64(3, 'UTC'),
    updated_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY id;

-- Server-side sessions behind the bp_session cookie, shared by every web node. Only a SHA-256 of the
-- 256-bit random secret is stored. subject is `user:<id>`, `key:<id>` or `master`. Logging out writes a
-- new version with revoked_at set; expired rows go away a day after they expire.
CREATE TABLE IF NOT EXISTS sessions
(
    id String,
    subject String,
    secret_sha256 String,
    created_at DateTime64(3, 'UTC'),
    expires_at DateTime64(3, 'UTC'),
    revoked_at Nullable(DateTime64(3, 'UTC')),
    ip String,
    user_agent String,
    updated_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY id
TTL toDateTime(expires_at) + INTERVAL 1 DAY;

-- One row per configuration change (users, keys, boards, brands, alerts, sessions). Every node polls
-- max(at) about once a second and drops its caches when it moves, so a change made on one node applies on
-- the others within a couple of seconds without a restart.
CREATE TABLE IF NOT EXISTS config_changes
(
    at DateTime64(3, 'UTC') DEFAULT now64(3),
    node String,
    what LowCardinality(String)
)
ENGINE = MergeTree
ORDER BY at
TTL toDateTime(at) + INTERVAL 7 DAY;
