// How the official Sigma rule schema is compiled (scripts/sigma-validator.ts, ahead of time).
/** ajv-formats' "uuid"; the schema uses no other format */
export const UUID_FORMAT = /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
/** every problem at once; strictTypes off because the official schema puts "items" on objects, which strict mode flags */
export const SIGMA_SCHEMA_OPTIONS = { allErrors: true, strictTypes: false } as const;
