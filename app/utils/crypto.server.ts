import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/** A random token of `bytes` bytes (default 32 = 256 bits), URL-safe. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}

/** A uniformly random numeric code (default six digits). */
export function randomDigits(length = 6): string {
  let out = ''
  while (out.length < length) {
    // Reject bytes >= 250 to avoid modulo bias.
    for (const byte of randomBytes(length * 2)) {
      if (byte < 250 && out.length < length) out += String(byte % 10)
    }
  }
  return out
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex')
}

export function hmac(secret: string, value: string): string {
  return createHmac('sha256', secret).update(value).digest('hex')
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

/**
 * Keyed hash of an IP address. The key changes every day (derived from the secret and the date),
 * so hashes cannot be joined across days and the address is never stored in clear.
 */
export function hashIp(secret: string, ip: string, now: Date): string {
  const day = now.toISOString().slice(0, 10)
  const dailyKey = hmac(secret, `ip-salt:${day}`)
  return hmac(dailyKey, ip).slice(0, 32)
}
