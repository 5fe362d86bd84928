-- The pipeline's ledger keeps, per user, the total it has ever debited. The approval rules read it
-- with saldo to tell which of a payer's approvals the database already reflects, so that credits
-- received count towards the available balance without an approval being counted twice.
ALTER TABLE usuarios
    ADD COLUMN total_debitado NUMERIC(17, 2) NOT NULL DEFAULT 0 CHECK (total_debitado >= 0);
COMMENT ON COLUMN usuarios.total_debitado IS 'Sum of every debit the pipeline''s ledger has applied to this user.';
