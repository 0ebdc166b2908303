-- Shomei JDBC storage, schema version 3: branch operators and the proposals of dual control.
-- Same conventions as V1 (shomei_ names, UTC instants to the microsecond, idempotent statements).

-- One row per operator; roles is a comma-separated list of OperatorRole names ('' for none).
CREATE TABLE IF NOT EXISTS shomei_operator (
  id VARCHAR(128) NOT NULL,
  roles VARCHAR(128) NOT NULL,
  enabled BOOLEAN NOT NULL,
  CONSTRAINT shomei_operator_pk PRIMARY KEY (id)
);

-- One row per proposal; never deleted. parameters is a JSON object of strings with sorted keys
-- (never a secret). decided_by and decided_at are set exactly when status is not PENDING.
CREATE TABLE IF NOT EXISTS shomei_proposal (
  id VARCHAR(64) NOT NULL,
  action VARCHAR(64) NOT NULL,
  user_id VARCHAR(64),
  service VARCHAR(64),
  parameters VARCHAR(1000000) NOT NULL,
  proposed_by VARCHAR(128) NOT NULL,
  proposed_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  expires_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  status VARCHAR(16) NOT NULL,
  decided_by VARCHAR(128),
  decided_at TIMESTAMP(6) WITH TIME ZONE,
  CONSTRAINT shomei_proposal_pk PRIMARY KEY (id),
  CONSTRAINT shomei_proposal_status_ck CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED')),
  CONSTRAINT shomei_proposal_decided_ck
    CHECK ((status = 'PENDING' AND decided_by IS NULL AND decided_at IS NULL)
        OR (status <> 'PENDING' AND decided_by IS NOT NULL AND decided_at IS NOT NULL)),
  CONSTRAINT shomei_proposal_four_eyes_ck CHECK (decided_by IS NULL OR decided_by <> proposed_by),
  CONSTRAINT shomei_proposal_account_ck CHECK ((user_id IS NULL) = (service IS NULL)),
  CONSTRAINT shomei_proposal_expiry_ck CHECK (expires_at > proposed_at)
);
CREATE INDEX IF NOT EXISTS shomei_proposal_pending_ix ON shomei_proposal (status, proposed_at);
