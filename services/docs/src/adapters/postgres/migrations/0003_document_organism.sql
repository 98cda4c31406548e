-- The organism (DIR3) of the expediente a document is attached to (ADR 0013): only its members
-- list, read or download it. Documents attached before organisms get the installation's default
-- organism when docs starts (the code is only known then); unattached ones stay null (their
-- uploader's alone).
alter table documents add column organism text;
