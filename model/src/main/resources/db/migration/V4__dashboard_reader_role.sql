-- A read-only role for the dashboard (SPEC section 10): NOLOGIN, so it holds privileges and users
-- log in as members of it (the local stack makes bank_dashboard one). It may read what the
-- dashboard shows, the window history and the transactions, and nothing else; it can write nothing.
--
-- Creating a role needs CREATEROLE. A migrating user without it (the pipeline's, in production)
-- leaves a warning and grants nothing: an administrator then creates the role once
-- (CREATE ROLE bankstream_reader NOLOGIN) and runs the two GRANTs below as the tables' owner.
-- The local stack creates the role as its superuser before migrating.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bankstream_reader') THEN
        BEGIN
            CREATE ROLE bankstream_reader NOLOGIN;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE WARNING 'role bankstream_reader not created: % lacks CREATEROLE; create it as an administrator and grant it USAGE on the schema and SELECT on transacoes and estatisticas_janela', current_user;
            RETURN;
        END;
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO bankstream_reader', current_schema());
    GRANT SELECT ON transacoes, estatisticas_janela TO bankstream_reader;
END
$$;
