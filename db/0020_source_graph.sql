-- Meta sources fetch id-only webhook items (Page mentions, Instagram @mentions, feed items without text)
-- from the Graph API: the Page or Instagram user access token that may read them (write-only, like the
-- other source secrets) and, optionally, a Graph API base URL of their own (empty: the configured one).
ALTER TABLE source_webhooks ADD COLUMN IF NOT EXISTS access_token String DEFAULT '' AFTER verify_token;
ALTER TABLE source_webhooks ADD COLUMN IF NOT EXISTS graph_url String DEFAULT '' AFTER access_token;
