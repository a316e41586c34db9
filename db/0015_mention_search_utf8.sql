-- Free-text search for any script: the text index moves from lower(text), which lowercases ASCII only
-- (so "Café" and "CAFÉ", "Ärger" and "ÄRGER", "Øl" and "øl" missed each other), to
-- lowerUTF8(text). splitByNonAlpha splits on ASCII non-alphanumerics only, so UTF-8 letters stay inside
-- their tokens. Queries use hasAllTokens(lowerUTF8(text), …) so the index expression matches.
ALTER TABLE mentions ADD INDEX IF NOT EXISTS text_tokens_utf8 lowerUTF8(text) TYPE text(tokenizer = splitByNonAlpha);

ALTER TABLE mentions MATERIALIZE INDEX text_tokens_utf8;

ALTER TABLE mentions DROP INDEX IF EXISTS text_tokens;
