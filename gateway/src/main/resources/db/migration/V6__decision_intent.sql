-- The intent of the request's last user message (create, explain, review, analyse, translate,
-- other), recorded whenever the active bundle's conditions used it.
ALTER TABLE decisions ADD COLUMN intent text;
