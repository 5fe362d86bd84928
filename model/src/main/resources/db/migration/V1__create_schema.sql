-- bankstream schema, version 1 (SPEC section 4).
-- Table and contract column names are the seed's, in Portuguese, so its queries still work.
-- Reference data for regioes is inserted by the Java migration V2__InsertRegions, from the Region enum.

CREATE TABLE regioes (
    id_regiao          VARCHAR(2)       PRIMARY KEY,
    nome               TEXT             NOT NULL,
    latitude           DOUBLE PRECISION NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude          DOUBLE PRECISION NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    populacao_milhoes  NUMERIC(6, 2)    NOT NULL CHECK (populacao_milhoes > 0)
);
COMMENT ON TABLE regioes IS 'The 27 UFs: code, name, capital coordinates, 2022 census population in millions.';

CREATE TABLE usuarios (
    id_usuario     UUID           PRIMARY KEY,
    id_regiao      VARCHAR(2)     NOT NULL REFERENCES regioes (id_regiao),
    saldo          NUMERIC(15, 2) NOT NULL CHECK (saldo >= 0),
    limite_pix     NUMERIC(15, 2) NOT NULL CHECK (limite_pix >= 0),
    limite_ted     NUMERIC(15, 2) NOT NULL CHECK (limite_ted >= 0),
    limite_doc     NUMERIC(15, 2) NOT NULL CHECK (limite_doc >= 0),
    limite_boleto  NUMERIC(15, 2) NOT NULL CHECK (limite_boleto >= 0),
    created_at     TIMESTAMPTZ    NOT NULL DEFAULT now()
);
COMMENT ON TABLE usuarios IS 'Customers: home UF, balance (a ledger: never below zero) and per-transaction limits per modality.';
CREATE INDEX usuarios_id_regiao_idx ON usuarios (id_regiao);

CREATE TABLE transacoes (
    -- The seven contract fields (SPEC section 3).
    id_transacao          UUID           PRIMARY KEY,
    id_usuario_pagador    UUID           NOT NULL REFERENCES usuarios (id_usuario),
    id_usuario_recebedor  UUID           NOT NULL REFERENCES usuarios (id_usuario),
    id_regiao             VARCHAR(2)     NOT NULL REFERENCES regioes (id_regiao),
    modalidade_pagamento  VARCHAR(6)     NOT NULL
        CHECK (modalidade_pagamento IN ('PIX', 'TED', 'DOC', 'BOLETO')),
    data_horario          TIMESTAMPTZ    NOT NULL,
    valor_transacao       NUMERIC(15, 2) NOT NULL CHECK (valor_transacao > 0),
    -- The decision (SPEC section 5).
    transacao_aprovada    BOOLEAN        NOT NULL,
    motivos_rejeicao      TEXT[]         NOT NULL DEFAULT '{}',
    score_risco           NUMERIC(6, 4)  NOT NULL,
    componentes_risco     JSONB          NOT NULL DEFAULT '{}',
    perfil_regras         TEXT           NOT NULL,
    -- Where it came from.
    kafka_topico          TEXT           NOT NULL,
    kafka_particao        INTEGER        NOT NULL,
    kafka_offset          BIGINT         NOT NULL,
    -- When: event time is data_horario; then Kafka append, decision and write.
    horario_kafka         TIMESTAMPTZ,
    horario_decisao       TIMESTAMPTZ    NOT NULL,
    horario_gravacao      TIMESTAMPTZ    NOT NULL DEFAULT clock_timestamp(),
    CHECK (id_usuario_pagador <> id_usuario_recebedor),
    CHECK (transacao_aprovada = (cardinality(motivos_rejeicao) = 0))
);
COMMENT ON TABLE transacoes IS 'Every valid transaction once, with its decision; upserted by id_transacao so a replay changes nothing.';
COMMENT ON COLUMN transacoes.motivos_rejeicao IS 'Rule codes that rejected it (SALDO, LIMITE, PIX_NOTURNO, VELOCIDADE, RISCO, ...); empty when approved.';
COMMENT ON COLUMN transacoes.componentes_risco IS 'The components of score_risco, by name.';
COMMENT ON COLUMN transacoes.horario_kafka IS 'Kafka append (log append or create) time of the record.';
COMMENT ON COLUMN transacoes.horario_decisao IS 'When the pipeline decided.';
COMMENT ON COLUMN transacoes.horario_gravacao IS 'When the row was written (clock_timestamp of the insert).';
-- For the dashboard's history: time ranges, one payer's history, rejections over time.
CREATE INDEX transacoes_data_horario_idx ON transacoes (data_horario);
CREATE INDEX transacoes_pagador_data_idx ON transacoes (id_usuario_pagador, data_horario);
CREATE INDEX transacoes_recebedor_idx ON transacoes (id_usuario_recebedor);
CREATE INDEX transacoes_rejeitadas_data_idx ON transacoes (data_horario) WHERE NOT transacao_aprovada;
CREATE INDEX transacoes_horario_gravacao_idx ON transacoes (horario_gravacao);

CREATE TABLE dead_letters (
    id               BIGSERIAL    PRIMARY KEY,
    kafka_topic      TEXT         NOT NULL,
    kafka_partition  INTEGER      NOT NULL,
    kafka_offset     BIGINT       NOT NULL,
    kafka_key        BYTEA,
    -- Raw bytes: a dead letter may not even be valid UTF-8. Read with convert_from(payload, 'UTF8').
    payload          BYTEA        NOT NULL,
    kafka_timestamp  TIMESTAMPTZ,
    step             TEXT         NOT NULL,
    reason           TEXT         NOT NULL,
    field            TEXT,
    error_message    TEXT         NOT NULL,
    failed_at        TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp(),
    UNIQUE (kafka_topic, kafka_partition, kafka_offset)
);
COMMENT ON TABLE dead_letters IS 'Records that broke the contract or failed a step, with the reason; unique per Kafka record so a replay adds nothing.';
CREATE INDEX dead_letters_failed_at_idx ON dead_letters (failed_at);

CREATE TABLE estatisticas_janela (
    inicio_janela        TIMESTAMPTZ    NOT NULL,
    fim_janela           TIMESTAMPTZ    NOT NULL,
    dimensao             TEXT           NOT NULL CHECK (dimensao IN ('total', 'regiao', 'modalidade')),
    valor_dimensao       TEXT           NOT NULL,
    quantidade           BIGINT         NOT NULL CHECK (quantidade >= 0),
    aprovadas            BIGINT         NOT NULL CHECK (aprovadas >= 0),
    rejeitadas           BIGINT         NOT NULL CHECK (rejeitadas >= 0),
    valor_total          NUMERIC(20, 2) NOT NULL,
    valor_aprovado       NUMERIC(20, 2) NOT NULL,
    rejeicoes_por_regra  JSONB          NOT NULL DEFAULT '{}',
    latencia_p50_ms      DOUBLE PRECISION,
    latencia_p95_ms      DOUBLE PRECISION,
    latencia_p99_ms      DOUBLE PRECISION,
    atualizado_em        TIMESTAMPTZ    NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (inicio_janela, dimensao, valor_dimensao),
    CHECK (fim_janela > inicio_janela),
    CHECK (aprovadas + rejeitadas = quantidade)
);
COMMENT ON TABLE estatisticas_janela IS 'Final statistics of each event-time window: overall (valor_dimensao = ''''), per UF and per modality.';
COMMENT ON COLUMN estatisticas_janela.valor_dimensao IS 'Empty for total, the UF code for regiao, the modality for modalidade.';
