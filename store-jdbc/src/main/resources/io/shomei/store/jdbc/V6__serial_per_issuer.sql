-- Shomei JDBC storage, schema version 6: a serial number is unique per issuer (RFC 5280), not across
-- the store, so an adopted CA and a new CA may both have issued serial 7. issuer_name is the SHA-256
-- (64 lowercase hex digits) of the DER of the certificate's issuer name. Rows recorded before this
-- version get it from their DER right after this script (JdbcStorage.migrate); until then, and for
-- a row an older release writes, the store reads the issuer from the DER.
ALTER TABLE shomei_certificate ADD COLUMN IF NOT EXISTS issuer_name VARCHAR(64);
ALTER TABLE shomei_certificate DROP CONSTRAINT IF EXISTS shomei_certificate_pk;
-- serial first: lookups by serial alone (every issuer's certificate with that serial) use it too
CREATE UNIQUE INDEX IF NOT EXISTS shomei_certificate_serial_issuer_uq
  ON shomei_certificate (serial, issuer_name);
