-- Shomei JDBC storage, schema version 7: the outbox's SENDING state. A dispatcher marks a claimed
-- notice SENDING just before it hands it to the channel; an expired claim that never got there
-- returns to PENDING, an expired SENDING becomes HELD. Only the two checks on status change.
-- Each pair (drop if present, add) may run again after a failure in between (H2 commits DDL).
ALTER TABLE shomei_notice DROP CONSTRAINT IF EXISTS shomei_notice_status_ck;
ALTER TABLE shomei_notice ADD CONSTRAINT shomei_notice_status_ck
  CHECK (status IN ('PENDING', 'CLAIMED', 'SENDING', 'SENT', 'HELD'));
ALTER TABLE shomei_notice DROP CONSTRAINT IF EXISTS shomei_notice_claim_ck;
ALTER TABLE shomei_notice ADD CONSTRAINT shomei_notice_claim_ck
  CHECK (status NOT IN ('CLAIMED', 'SENDING') OR (holder IS NOT NULL AND claimed_until IS NOT NULL));
