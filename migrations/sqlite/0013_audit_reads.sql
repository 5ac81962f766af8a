-- A case page counts its openings ("case.viewed") instead of listing them:
-- with the action in the index, the count and the changes beside it are
-- read from the index alone, however often the case was opened.
CREATE INDEX audit_log_by_entity_action ON audit_log (entity_type, entity_id, action, id);
