-- Rules that change live (SPEC section 5.1): every published rule set is a numbered version, kept
-- whole and never changed. A transaction is decided by the newest version (highest number) whose
-- effective time is at or before the transaction's event time, so the version that decides is a
-- property of the transaction, the same on every runner and on a replay.
CREATE TABLE versoes_regras (
    versao         INTEGER      PRIMARY KEY CHECK (versao >= 1),
    -- The whole rule set: the same YAML as a rules file, laid over the bundled defaults.
    conteudo       TEXT         NOT NULL,
    -- The event time from which it decides.
    vigente_desde  TIMESTAMPTZ  NOT NULL,
    publicado_por  TEXT         NOT NULL,
    comentario     TEXT         NOT NULL,
    publicado_em   TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp(),
    -- For a rollback: the version whose content this one republishes.
    copia_de       INTEGER      REFERENCES versoes_regras (versao)
);
COMMENT ON TABLE versoes_regras IS 'Published rule sets, numbered from 1; a row is never updated. Publish with ./bankstream rules push.';
COMMENT ON COLUMN versoes_regras.vigente_desde IS 'Event time from which this version decides (the newest version in force decides).';

-- Which version decided each transaction: 0 for the rules a pipeline was started with (its rules
-- file or the bundled defaults) when no version was in force.
ALTER TABLE transacoes ADD COLUMN versao_regras INTEGER NOT NULL DEFAULT 0 CHECK (versao_regras >= 0);
COMMENT ON COLUMN transacoes.versao_regras IS 'The rules version that decided (versoes_regras.versao), 0 for a pipeline''s start-up rules.';

-- The producer's label of a synthetic record (its bankstream-scenario header: normal,
-- fraud:velocity_burst, ...), the test data's ground truth: for precision and recall and the
-- backtest. Never read by the rules; null for traffic without the header.
ALTER TABLE transacoes ADD COLUMN rotulo TEXT;
COMMENT ON COLUMN transacoes.rotulo IS 'The producer''s scenario label (its bankstream-scenario header), for evaluating the rules; null for real traffic.';

-- The window statistics are also kept per rules version (dimensao 'versao', the number as value).
ALTER TABLE estatisticas_janela DROP CONSTRAINT estatisticas_janela_dimensao_check;
ALTER TABLE estatisticas_janela ADD CONSTRAINT estatisticas_janela_dimensao_check
    CHECK (dimensao IN ('total', 'regiao', 'modalidade', 'versao'));
COMMENT ON COLUMN estatisticas_janela.valor_dimensao IS 'Empty for total, the UF code for regiao, the modality for modalidade, the rules version for versao.';

-- The dashboard may read the versions it shows.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bankstream_reader') THEN
        GRANT SELECT ON versoes_regras TO bankstream_reader;
    END IF;
END
$$;
