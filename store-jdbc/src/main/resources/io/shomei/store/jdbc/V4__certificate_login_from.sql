-- Shomei JDBC storage, schema version 4: a certificate's first instant of login (the cooling-off
-- after an issuance by the three secrets while the account held a certificate that could have
-- renewed instead). NULL for every certificate recorded before, and for those without one.
ALTER TABLE shomei_certificate ADD COLUMN IF NOT EXISTS login_from TIMESTAMP(6) WITH TIME ZONE;
