-- Before this migration an edit stored the caller's whole verified principal as `updated_by`,
-- bearer access token included. Keep only the attribution fields (user name, display name).
update expedientes
  set created_by = jsonb_build_object('username', created_by ->> 'username', 'displayName', created_by ->> 'displayName')
  where created_by - 'username' - 'displayName' <> '{}'::jsonb;
update expedientes
  set updated_by = jsonb_build_object('username', updated_by ->> 'username', 'displayName', updated_by ->> 'displayName')
  where updated_by - 'username' - 'displayName' <> '{}'::jsonb;
