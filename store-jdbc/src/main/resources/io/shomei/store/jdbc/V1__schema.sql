-- Shomei JDBC storage, schema version 1.
-- The same text runs on PostgreSQL 15+ and on H2 2.x (any mode; MODE=PostgreSQL recommended).
-- Conventions:
--   * every table and constraint name starts with shomei_;
--   * instants are TIMESTAMP(6) WITH TIME ZONE, written in UTC, to the microsecond;
--   * certificate serials are NUMERIC(49,0) (at most 159 bits, so numeric order is serial order);
--   * every statement is idempotent (IF NOT EXISTS), because H2 commits each DDL statement.

-- One row per certificate ever recorded; rows are never deleted.
-- active_marker is 'Y' exactly when status = 'ACTIVE', otherwise NULL. Since NULLs are distinct in a
-- UNIQUE constraint, UNIQUE (user_id, service, active_marker) allows any number of inactive
-- certificates but at most one ACTIVE one per account: the database itself is the final guard.
CREATE TABLE IF NOT EXISTS shomei_certificate (
  serial NUMERIC(49,0) NOT NULL,
  user_id VARCHAR(64) NOT NULL,
  service VARCHAR(64) NOT NULL,
  not_before TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  not_after TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  sha256_fingerprint VARCHAR(64) NOT NULL,
  der BYTEA NOT NULL,
  status VARCHAR(16) NOT NULL,
  active_marker CHAR(1),
  recorded_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  status_changed_at TIMESTAMP(6) WITH TIME ZONE,
  superseded_by NUMERIC(49,0),
  revocation_reason SMALLINT,
  conforming BOOLEAN NOT NULL,
  profile VARCHAR(64),
  CONSTRAINT shomei_certificate_pk PRIMARY KEY (serial),
  CONSTRAINT shomei_certificate_fingerprint_uq UNIQUE (sha256_fingerprint),
  CONSTRAINT shomei_certificate_one_active_uq UNIQUE (user_id, service, active_marker),
  CONSTRAINT shomei_certificate_status_ck
    CHECK (status IN ('ISSUED', 'ACTIVE', 'SUPERSEDED', 'REVOKED')),
  CONSTRAINT shomei_certificate_marker_ck
    CHECK ((status = 'ACTIVE' AND active_marker = 'Y') OR (status <> 'ACTIVE' AND active_marker IS NULL)),
  CONSTRAINT shomei_certificate_successor_ck
    CHECK ((status = 'SUPERSEDED' AND superseded_by IS NOT NULL)
        OR (status IN ('ISSUED', 'ACTIVE') AND superseded_by IS NULL)
        OR status = 'REVOKED'),
  CONSTRAINT shomei_certificate_reason_ck
    CHECK ((status = 'REVOKED') = (revocation_reason IS NOT NULL)),
  CONSTRAINT shomei_certificate_changed_ck
    CHECK (status = 'ISSUED' OR status_changed_at IS NOT NULL),
  CONSTRAINT shomei_certificate_validity_ck CHECK (not_after >= not_before)
);
CREATE INDEX IF NOT EXISTS shomei_certificate_account_ix
  ON shomei_certificate (user_id, service, recorded_at);
-- campaigns ("validity start on or before ...") and expiry reports
CREATE INDEX IF NOT EXISTS shomei_certificate_not_before_ix ON shomei_certificate (not_before);
CREATE INDEX IF NOT EXISTS shomei_certificate_not_after_ix ON shomei_certificate (not_after);

-- One row per account. password_history holds the encoded hashes newest first, separated by one
-- space (a hash is printable ASCII without spaces); '' when empty.
CREATE TABLE IF NOT EXISTS shomei_credential (
  user_id VARCHAR(64) NOT NULL,
  service VARCHAR(64) NOT NULL,
  login_hash VARCHAR(512),
  login_temporary BOOLEAN,
  login_set_at TIMESTAMP(6) WITH TIME ZONE,
  login_expires_at TIMESTAMP(6) WITH TIME ZONE,
  password_history VARCHAR(12400) NOT NULL,
  login_failures INTEGER NOT NULL,
  login_locked_at TIMESTAMP(6) WITH TIME ZONE,
  acquisition_hash VARCHAR(512),
  acquisition_issued_at TIMESTAMP(6) WITH TIME ZONE,
  acquisition_consumed_at TIMESTAMP(6) WITH TIME ZONE,
  acquisition_failures INTEGER NOT NULL,
  acquisition_locked_at TIMESTAMP(6) WITH TIME ZONE,
  last_login_at TIMESTAMP(6) WITH TIME ZONE,
  row_version BIGINT NOT NULL,
  CONSTRAINT shomei_credential_pk PRIMARY KEY (user_id, service),
  CONSTRAINT shomei_credential_login_ck
    CHECK ((login_hash IS NULL AND login_temporary IS NULL AND login_set_at IS NULL
            AND login_expires_at IS NULL)
        OR (login_hash IS NOT NULL AND login_temporary IS NOT NULL AND login_set_at IS NOT NULL)),
  CONSTRAINT shomei_credential_acquisition_ck
    CHECK ((acquisition_hash IS NULL AND acquisition_issued_at IS NULL
            AND acquisition_consumed_at IS NULL)
        OR (acquisition_hash IS NOT NULL AND acquisition_issued_at IS NOT NULL)),
  CONSTRAINT shomei_credential_counters_ck
    CHECK (login_failures >= 0 AND acquisition_failures >= 0 AND row_version >= 0)
);

-- Download tickets; a row is deleted when its allowance reaches zero or it expires.
CREATE TABLE IF NOT EXISTS shomei_download_ticket (
  id VARCHAR(128) NOT NULL,
  user_id VARCHAR(64) NOT NULL,
  service VARCHAR(64) NOT NULL,
  serial NUMERIC(49,0) NOT NULL,
  pkcs12 BYTEA NOT NULL,
  created_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  expires_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  downloads_left INTEGER NOT NULL,
  CONSTRAINT shomei_download_ticket_pk PRIMARY KEY (id),
  CONSTRAINT shomei_download_ticket_left_ck CHECK (downloads_left >= 0),
  CONSTRAINT shomei_download_ticket_expiry_ck CHECK (expires_at > created_at)
);
CREATE INDEX IF NOT EXISTS shomei_download_ticket_account_ix
  ON shomei_download_ticket (user_id, service, created_at);
CREATE INDEX IF NOT EXISTS shomei_download_ticket_serial_ix ON shomei_download_ticket (serial);
CREATE INDEX IF NOT EXISTS shomei_download_ticket_expires_ix ON shomei_download_ticket (expires_at);

-- The audit trail, a hash chain. details is a JSON object of strings with sorted keys.
CREATE TABLE IF NOT EXISTS shomei_audit_event (
  seq BIGINT NOT NULL,
  occurred_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  event_type VARCHAR(64) NOT NULL,
  actor VARCHAR(128) NOT NULL,
  user_id VARCHAR(255),
  service VARCHAR(255),
  details VARCHAR(1000000) NOT NULL,
  previous_hash VARCHAR(64) NOT NULL,
  record_hash VARCHAR(64) NOT NULL,
  CONSTRAINT shomei_audit_event_pk PRIMARY KEY (seq),
  CONSTRAINT shomei_audit_event_seq_ck CHECK (seq >= 1)
);
