/** Pages under this prefix may be framed by the sites a placement allows (feedback widget). */
export const EMBED_PATH_PREFIX = '/integration/'

const KB = 1024
const MB = 1024 * KB

/** Largest request body accepted for a path: uploads may be big, everything else is small. */
export function bodyLimitFor(_path: string, contentType: string): number {
  return contentType.startsWith('multipart/form-data') ? 25 * MB : 1 * MB
}
