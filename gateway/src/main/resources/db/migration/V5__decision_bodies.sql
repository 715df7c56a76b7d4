-- Request and response bodies, kept only where a policy's record rule says so, masked by the
-- bundle's redaction and cut at the rule's size.
ALTER TABLE decisions ADD COLUMN request_body text, ADD COLUMN response_body text;
