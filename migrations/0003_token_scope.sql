-- API tokens get a scope and an optional expiry (DESIGN.md P8). Tokens made before this migration
-- keep what they could do: scope 'write', no expiry. A 'read' token is refused on POST, PUT, PATCH
-- and DELETE; an expired one no longer authenticates. Times are ISO-8601 UTC strings, as everywhere.
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'write' CHECK (scope IN ('read', 'write'));
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
