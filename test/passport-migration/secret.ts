/** The secret both the passport strategy and JwtAuthModule verify with, during the migration. */
export const SECRET = 'passport-migration-secret-of-64-bytes-for-hs512-0123456789abcdef';
