-- One database and one owner per Tramita service (each service owns its data).
-- DEVELOPMENT ONLY: the password is the documented dev value; never use it outside this compose stack.
CREATE ROLE tramita_auth LOGIN PASSWORD 'tramita-dev-only';
CREATE ROLE tramita_files LOGIN PASSWORD 'tramita-dev-only';
CREATE ROLE tramita_bpm LOGIN PASSWORD 'tramita-dev-only';
CREATE ROLE tramita_docs LOGIN PASSWORD 'tramita-dev-only';
CREATE ROLE tramita_index LOGIN PASSWORD 'tramita-dev-only';
CREATE DATABASE tramita_auth OWNER tramita_auth;
CREATE DATABASE tramita_files OWNER tramita_files;
CREATE DATABASE tramita_bpm OWNER tramita_bpm;
CREATE DATABASE tramita_docs OWNER tramita_docs;
CREATE DATABASE tramita_index OWNER tramita_index;
