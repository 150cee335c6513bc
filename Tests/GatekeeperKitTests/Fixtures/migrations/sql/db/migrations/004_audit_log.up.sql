-- gatekeeper:ignore migrations/irreversible -- the audit log is never dropped
CREATE TABLE audit_log (id BIGSERIAL PRIMARY KEY);
