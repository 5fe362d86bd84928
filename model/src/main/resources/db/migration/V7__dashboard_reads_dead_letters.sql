-- The dashboard shows the dead letters (counts by reason over time, the latest with their reason,
-- field and the start of their payload), so its read-only role may read them. Like V4 and V6: only
-- when the role exists; an administrator who created it by hand runs this GRANT as the table's
-- owner.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bankstream_reader') THEN
        GRANT SELECT ON dead_letters TO bankstream_reader;
    END IF;
END
$$;
