/** The `apiVersion` of a topology file (SPEC §2). Its own module so the loader reads it without loading zod. */
export const TOPOLOGY_API_VERSION = 'acknet/v1'
