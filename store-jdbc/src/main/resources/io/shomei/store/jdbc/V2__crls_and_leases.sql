-- Shomei JDBC storage, schema version 2: published CRLs and the nodes' shared leases.
-- Same conventions as V1 (shomei_ names, UTC TIMESTAMP(6) WITH TIME ZONE, idempotent statements).

-- The newest CRL of each issuing CA; replaced only by a CRL with a greater number, so CRL numbers
-- grow across nodes, restarts and clocks that step back. issuer is the CA's subject key
-- identifier in lower-case hex; crl_number is at most 159 bits, as serials.
CREATE TABLE IF NOT EXISTS shomei_crl (
  issuer VARCHAR(128) NOT NULL,
  crl_number NUMERIC(49,0) NOT NULL,
  this_update TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  next_update TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  der BYTEA NOT NULL,
  CONSTRAINT shomei_crl_pk PRIMARY KEY (issuer),
  CONSTRAINT shomei_crl_number_ck CHECK (crl_number > 0),
  CONSTRAINT shomei_crl_update_ck CHECK (next_update > this_update)
);

-- Named leases: a scheduled job runs on the node that holds its lease until held_until.
CREATE TABLE IF NOT EXISTS shomei_lease (
  name VARCHAR(128) NOT NULL,
  holder VARCHAR(128) NOT NULL,
  held_until TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  CONSTRAINT shomei_lease_pk PRIMARY KEY (name)
);
