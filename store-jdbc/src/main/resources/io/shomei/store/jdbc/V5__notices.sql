-- Shomei JDBC storage, schema version 5: the outbox of customer notices.
-- Same conventions as V1 (shomei_ names, UTC instants to the microsecond, idempotent statements).

-- One row per notice, keyed by its idempotency key; never deleted. facts is a JSON object of
-- strings with sorted keys (never a secret). holder and claimed_until are those of the last claim.
CREATE TABLE IF NOT EXISTS shomei_notice (
  notice_key VARCHAR(200) NOT NULL,
  user_id VARCHAR(64) NOT NULL,
  service VARCHAR(64) NOT NULL,
  kind VARCHAR(32) NOT NULL,
  facts VARCHAR(1000000) NOT NULL,
  created_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  status VARCHAR(16) NOT NULL,
  due_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  attempts INTEGER NOT NULL,
  holder VARCHAR(128),
  claimed_until TIMESTAMP(6) WITH TIME ZONE,
  sent_at TIMESTAMP(6) WITH TIME ZONE,
  last_error VARCHAR(4000),
  CONSTRAINT shomei_notice_pk PRIMARY KEY (notice_key),
  CONSTRAINT shomei_notice_status_ck CHECK (status IN ('PENDING', 'CLAIMED', 'SENT', 'HELD')),
  CONSTRAINT shomei_notice_claim_ck
    CHECK (status <> 'CLAIMED' OR (holder IS NOT NULL AND claimed_until IS NOT NULL)),
  CONSTRAINT shomei_notice_sent_ck CHECK ((status = 'SENT') = (sent_at IS NOT NULL)),
  CONSTRAINT shomei_notice_attempts_ck CHECK (attempts >= 0)
);

CREATE INDEX IF NOT EXISTS shomei_notice_status_due_ix ON shomei_notice (status, due_at);
CREATE INDEX IF NOT EXISTS shomei_notice_account_ix ON shomei_notice (user_id, service);
