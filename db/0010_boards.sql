-- Wall boards: a named playlist of panels shown on an unattended monitor. Rarely written, read whole; every
-- write is a new version of the row (reads use FINAL) and deleting writes a tombstone (deleted = 1).
-- panels and office_hours are JSON validated by the app (src/lib/wall/board.ts) on the way in and out.
CREATE TABLE IF NOT EXISTS boards
(
    id String,
    name String,
    panels String,
    rotate_seconds UInt32,
    office_hours Nullable(String),
    deleted UInt8 DEFAULT 0,
    updated_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY id;

-- Read-only, long-lived tokens for one board's monitors. Only a SHA-256 of the 256-bit random secret is
-- stored, as for API keys; revoking writes a new version with revoked_at set.
CREATE TABLE IF NOT EXISTS board_tokens
(
    id String,
    board String,
    secret_sha256 String,
    created_at DateTime64(3, 'UTC'),
    revoked_at Nullable(DateTime64(3, 'UTC')),
    updated_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY id;
