/** Bumped on any breaking change of the report's shape or of the cell keys. */
export const SCHEMA_VERSION = 1 as const;
