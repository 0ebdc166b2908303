-- Shomei JDBC storage, schema version 8: a download ticket names its certificate by issuer and
-- serial, as shomei_certificate does since version 6, so a ticket of one issuer's serial 7 is never
-- found or deleted for another issuer's serial 7. issuer_name is the SHA-256 (64 lowercase hex
-- digits) of the DER of the certificate's issuer name. Rows stored before this version get it from
-- their account's certificate with that serial right after this script and after version 6's
-- issuers are filled (JdbcStorage.migrate); until then, and for a row an older release writes, the
-- store reads the issuer of that certificate.
ALTER TABLE shomei_download_ticket ADD COLUMN IF NOT EXISTS issuer_name VARCHAR(64);
