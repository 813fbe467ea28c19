// What an uploaded attachment really is, and the name it is kept and sent under (decision 082).
//
// The type is read from the bytes with a bounded amount of work, whatever the file says about
// itself: magic bytes for PDF, PNG and JPEG; for the ZIP-based office formats (DOCX, ODT) the
// central directory is read by hand and at most one small entry is inflated, with a hard cap on
// its output. A zip bomb (a 200 KB DOCX whose [Content_Types].xml inflates to 200 MB) used to be
// inflated in full by `file-type`, blocking every request for seconds and taking ~500 MB.
import { inflateRawSync } from 'node:zlib'

export interface AttachmentType {
  mime: string
  /** The extension the stored name ends with. */
  extension: string
  label: string
}

/** Types accepted for attachments, checked on the file's content (not its name). */
export const ATTACHMENT_TYPES = {
  pdf: { mime: 'application/pdf', extension: 'pdf', label: 'PDF' },
  odt: { mime: 'application/vnd.oasis.opendocument.text', extension: 'odt', label: 'ODT' },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx', label: 'DOCX' },
  jpg: { mime: 'image/jpeg', extension: 'jpg', label: 'JPG' },
  png: { mime: 'image/png', extension: 'png', label: 'PNG' },
} as const satisfies Record<string, AttachmentType>

export const ACCEPTED_FORMATS = 'PDF, ODT, DOCX, JPG, PNG'

/**
 * Limits on what an archive may declare. A 10 MB office document holds a few dozen entries
 * (a few hundred with many images); its XML compresses 5 to 20 times. Beyond these limits the
 * file is refused without being opened further.
 */
export const ZIP_LIMITS = {
  maxEntries: 2000,
  /** Sum of the declared uncompressed sizes. */
  maxTotalBytes: 100 * 1024 * 1024,
  /** Compression ratio allowed for an entry larger than `ratioFloorBytes` (Apache POI uses 100 too). */
  maxRatio: 100,
  ratioFloorBytes: 1024 * 1024,
  /** The only entry inflated to tell a DOCX from another Office file; a real one is 1 to 3 KB. */
  maxInflatedBytes: 256 * 1024,
} as const

export type Detection =
  | { ok: true; type: AttachmentType }
  | { ok: false; reason: 'unknown' }
  /** A ZIP whose structure is broken, lies, or declares absurd sizes (a zip bomb). */
  | { ok: false; reason: 'archive' }

/** Bytes inflated by detection since the process started (an observable bound on its work). */
export const detectionWork = { inflatedBytes: 0 }

function startsWith(bytes: Uint8Array, signature: number[], at = 0): boolean {
  return signature.every((byte, index) => bytes[at + index] === byte)
}

/** Reads what an attachment is from its bytes. Its work is bounded whatever the bytes say. */
export function detectAttachmentType(bytes: Uint8Array): Detection {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { ok: true, type: ATTACHMENT_TYPES.pdf } // %PDF-
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { ok: true, type: ATTACHMENT_TYPES.png }
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { ok: true, type: ATTACHMENT_TYPES.jpg }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return detectOfficeDocument(bytes)
  return { ok: false, reason: 'unknown' }
}

interface ZipEntry {
  name: string
  method: number
  flags: number
  compressedSize: number
  size: number
  localOffset: number
}

class BadArchive extends Error {}

function readCentralDirectory(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  // The end-of-central-directory record: 22 bytes plus a comment of at most 65,535 bytes.
  let end = -1
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === 0x06054b50) {
      end = at
      break
    }
  }
  if (end < 0) throw new BadArchive('no end of central directory')
  const disk = view.getUint16(end + 4, true)
  const directoryDisk = view.getUint16(end + 6, true)
  const count = view.getUint16(end + 10, true)
  const directorySize = view.getUint32(end + 12, true)
  const directoryOffset = view.getUint32(end + 16, true)
  // Multi-volume and ZIP64 archives (0xFFFF / 0xFFFFFFFF markers) have no place in a 10 MB document.
  if (disk !== 0 || directoryDisk !== 0 || count === 0xffff || directoryOffset === 0xffffffff) throw new BadArchive('multi-volume or zip64')
  if (count === 0 || count > ZIP_LIMITS.maxEntries) throw new BadArchive('entry count')
  if (directoryOffset + directorySize > end) throw new BadArchive('directory out of bounds')

  const decoder = new TextDecoder('utf-8', { fatal: false })
  const entries: ZipEntry[] = []
  let total = 0
  let at = directoryOffset
  for (let index = 0; index < count; index++) {
    if (at + 46 > end || view.getUint32(at, true) !== 0x02014b50) throw new BadArchive('bad directory entry')
    const entry: ZipEntry = {
      flags: view.getUint16(at + 8, true),
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      localOffset: view.getUint32(at + 42, true),
      name: '',
    }
    const nameLength = view.getUint16(at + 28, true)
    const extraLength = view.getUint16(at + 30, true)
    const commentLength = view.getUint16(at + 32, true)
    if (at + 46 + nameLength > end) throw new BadArchive('name out of bounds')
    entry.name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength))
    at += 46 + nameLength + extraLength + commentLength

    if (entry.flags & 0x0001) throw new BadArchive('encrypted entry')
    if (entry.method !== 0 && entry.method !== 8) throw new BadArchive('compression method')
    if (entry.size === 0xffffffff || entry.compressedSize === 0xffffffff || entry.localOffset === 0xffffffff) throw new BadArchive('zip64 entry')
    if (entry.localOffset + 30 + entry.compressedSize > directoryOffset) throw new BadArchive('entry out of bounds')
    if (entry.method === 0 && entry.size !== entry.compressedSize) throw new BadArchive('stored entry sizes differ')
    if (entry.size > ZIP_LIMITS.ratioFloorBytes && entry.size > entry.compressedSize * ZIP_LIMITS.maxRatio) throw new BadArchive('compression ratio')
    total += entry.size
    if (total > ZIP_LIMITS.maxTotalBytes) throw new BadArchive('declared total size')
    entries.push(entry)
  }
  return entries
}

/** An entry's content, inflated to at most `limit` bytes; a longer or lying entry is a bad archive. */
function readEntry(bytes: Uint8Array, entry: ZipEntry, limit: number): Uint8Array {
  // `size + 1` bytes at most are inflated (see below), so that is what must fit in the limit.
  if (entry.size + 1 > limit) throw new BadArchive('entry too large to inspect')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const local = entry.localOffset
  if (view.getUint32(local, true) !== 0x04034b50) throw new BadArchive('bad local header')
  const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true)
  const raw = bytes.subarray(start, start + entry.compressedSize)
  if (raw.length !== entry.compressedSize) throw new BadArchive('entry out of bounds')
  if (entry.method === 0) return raw
  let content: Uint8Array
  try {
    // One byte more than declared: an entry that inflates past its declared size is caught lying.
    content = inflateRawSync(raw, { maxOutputLength: entry.size + 1 })
  } catch {
    // Counted at its bound: zlib may have produced up to that many bytes before giving up.
    detectionWork.inflatedBytes += entry.size + 1
    throw new BadArchive('entry does not inflate within its declared size')
  }
  detectionWork.inflatedBytes += content.length
  if (content.length !== entry.size) throw new BadArchive('entry size differs from its declaration')
  return content
}

const DOCX_MAIN_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml'

/** The part names that [Content_Types].xml declares as a Word document's main part. */
function docxMainParts(xml: string): string[] {
  const parts: string[] = []
  // `[^<>]`, not `[^>]`: an unclosed `<Override` repeated 30,000 times would be scanned quadratically.
  for (const element of xml.match(/<Override\b[^<>]*>/g) ?? []) {
    const attribute = (name: string) => element.match(new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`))?.slice(1).find((value) => value !== undefined)
    if (attribute('ContentType') === DOCX_MAIN_TYPE) parts.push((attribute('PartName') ?? '').replace(/^\//, ''))
  }
  return parts
}

function detectOfficeDocument(bytes: Uint8Array): Detection {
  try {
    const entries = readCentralDirectory(bytes)
    const byName = new Map(entries.map((entry) => [entry.name, entry]))
    // OpenDocument: a `mimetype` entry (first and stored, says the format) naming the type.
    const mimetype = byName.get('mimetype')
    if (mimetype) {
      const declared = new TextDecoder().decode(readEntry(bytes, mimetype, 200)).trim()
      return declared === ATTACHMENT_TYPES.odt.mime && byName.has('content.xml') ? { ok: true, type: ATTACHMENT_TYPES.odt } : { ok: false, reason: 'unknown' }
    }
    // Office Open XML: the package's content types name the main part; a macro-enabled document
    // (.docm), a spreadsheet or a template names another type and is refused.
    const contentTypes = byName.get('[Content_Types].xml')
    if (contentTypes) {
      const xml = new TextDecoder().decode(readEntry(bytes, contentTypes, ZIP_LIMITS.maxInflatedBytes))
      return docxMainParts(xml).some((part) => byName.has(part)) ? { ok: true, type: ATTACHMENT_TYPES.docx } : { ok: false, reason: 'unknown' }
    }
    return { ok: false, reason: 'unknown' }
  } catch (error) {
    if (error instanceof BadArchive || error instanceof RangeError) return { ok: false, reason: 'archive' }
    throw error
  }
}

const ACCEPTED_EXTENSIONS = new Set(['pdf', 'odt', 'docx', 'jpg', 'jpeg', 'png'])

/** The French refusal for a file whose content is not an accepted type. */
export function refusalMessage(detection: Extract<Detection, { ok: false }>, name: string): string {
  if (detection.reason === 'archive') {
    return `Ce fichier est endommagé ou anormalement compressé : il n’a pas été ajouté. Enregistrez-le de nouveau depuis votre logiciel (ou en PDF), puis réessayez. Formats acceptés : ${ACCEPTED_FORMATS}.`
  }
  const claimed = name.toLowerCase().match(/\.([a-z0-9]{1,10})$/)?.[1]
  if (!claimed) return `Ce type de fichier n’est pas accepté. Formats acceptés : ${ACCEPTED_FORMATS}.`
  // A real spreadsheet or macro-enabled document is not « invalid »: say that its kind is refused.
  return ACCEPTED_EXTENSIONS.has(claimed)
    ? `Le contenu de ce fichier ne correspond pas à un fichier .${claimed} valide. Formats acceptés : ${ACCEPTED_FORMATS}.`
    : `Les fichiers .${claimed} ne sont pas acceptés. Formats acceptés : ${ACCEPTED_FORMATS}.`
}

// ---------------------------------------------------------------------------------------------
// Names

const MAX_NAME_LENGTH = 150

// Format characters (\p{Cf}: bidirectional overrides such as U+202E, zero-width joiners, soft
// hyphens…) change how a name reads without being seen: `ab\u202Egpj.pdf` shows as `abfdp.jpg`.
// Control characters, line and paragraph separators, and the characters that would end a quoted
// header value go too.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}"\\]/gu

/** Longer names are cut (keeping their end, where the extension is) before any other work. */
const MAX_INPUT_LENGTH = 1024

/** A name without path, invisible characters or surrounding dots and spaces (may be empty). */
function cleanBase(name: string): string {
  // A hand-made request can send a name of megabytes; the trimming below is quadratic on a long
  // run of dots, so bound the input first. A surrogate pair cut in half is removed with \p{Cs}.
  const base = name.slice(-MAX_INPUT_LENGTH).split(/[\\/]/).pop() ?? ''
  return base.normalize('NFC').replace(INVISIBLE, '').replace(/\s+/g, ' ').replace(/^[\s.]+|[\s.]+$/g, '')
}

// `.jpeg` is a `.jpg`: keep the spelling the person chose.
const SAME_EXTENSION: Record<string, string[]> = { jpg: ['jpg', 'jpeg'] }

/**
 * The name an attachment is kept and sent under: the person's name, cleaned, ending with the
 * extension of the type found in its content (`virus.exe` holding a PDF becomes `virus.pdf`).
 * An extension is the last `.word` with a letter in it (`Statuts v1.2` keeps its `.2`).
 */
export function attachmentName(name: string, type: Pick<AttachmentType, 'extension'>): string {
  const base = cleanBase(name)
  const match = base.match(/^(.*\S)\.([\p{L}\p{N}]{1,10})$/u)
  const claimed = match && /\p{L}/u.test(match[2]!) ? match[2]!.toLowerCase() : null
  const accepted = SAME_EXTENSION[type.extension] ?? [type.extension]
  if (claimed && accepted.includes(claimed)) return truncate(match![1]!, `.${claimed}`)
  const stem = claimed ? match![1]! : base
  return truncate(stem || 'document', `.${type.extension}`)
}

function truncate(stem: string, extension: string): string {
  // By code points, so a character outside the BMP (an emoji) is never cut in half.
  const characters = Array.from(stem)
  const kept = characters.length + extension.length > MAX_NAME_LENGTH ? characters.slice(0, MAX_NAME_LENGTH - extension.length).join('').trimEnd() : stem
  return `${kept || 'document'}${extension}`
}

const EXTENSION_OF_MIME = new Map<string, string>(Object.values(ATTACHMENT_TYPES).map((type) => [type.mime, type.extension]))

/**
 * The name shown in a page or sent with a download. Cleaned again on the way out: rows stored
 * before decision 082 kept invisible characters and the extension the person typed.
 */
export function displayedName(storedName: string, mime: string): string {
  const extension = EXTENSION_OF_MIME.get(mime)
  return extension ? attachmentName(storedName, { extension }) : truncate(cleanBase(storedName), '')
}

/** The Content-Disposition of a download: always a download, with an ASCII fallback name. */
export function contentDisposition(storedName: string, mime: string): string {
  const name = displayedName(storedName, mime)
  const ascii = name.replace(/[^\x20-\x7e]/g, '_')
  // RFC 5987: encodeURIComponent leaves ' ( ) * unescaped, which the ext-value grammar forbids.
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`
}
