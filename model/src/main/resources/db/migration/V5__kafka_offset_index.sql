-- Where the pipeline resumes after a crash: the first offset of each partition that is in neither
-- transacoes nor dead_letters (dead_letters already has its unique key on the same columns).
CREATE INDEX transacoes_kafka_offset_idx ON transacoes (kafka_topico, kafka_particao, kafka_offset);
