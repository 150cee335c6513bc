-- +migrate Up
CREATE TABLE audit (id BIGSERIAL PRIMARY KEY, action TEXT);

-- +migrate Down
DROP TABLE audit;
