/** The session cookie's name (`__Host-`: Secure, Path=/, no Domain), read by app/auth/session.server.ts and by the public cache. */
export const SESSION_COOKIE = '__Host-aic-session'
