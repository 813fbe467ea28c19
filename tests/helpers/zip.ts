// Small ZIP writer for the attachment tests: real DOCX/ODT files, and archives that lie or explode
// (a zip bomb), built in the test without a library and without holding the inflated bytes.
import { once } from 'node:events'
import { createDeflateRaw, crc32, deflateRawSync } from 'node:zlib'

export interface ZipEntry {
  name: string
  /** Stored (method 0) when `store` is set, deflated otherwise. */
  data?: Uint8Array | string
  store?: boolean
  /** Already deflated content, with the sizes and CRC of what it inflates to. */
  deflated?: { raw: Uint8Array; size: number; crc: number }
  /** Override the uncompressed size written in the headers (an archive that lies). */
  declaredSize?: number
}

export function zip(entries: ZipEntry[]): Uint8Array<ArrayBuffer> {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8')
    let method = 8
    let raw: Uint8Array
    let size: number
    let crc: number
    if (entry.deflated) {
      ;({ raw, size, crc } = entry.deflated)
    } else {
      const data = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : Buffer.from(entry.data ?? new Uint8Array())
      size = data.length
      crc = crc32(data)
      if (entry.store) {
        method = 0
        raw = data
      } else raw = deflateRawSync(data)
    }
    const declared = entry.declaredSize ?? size
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(0x0800, 6) // UTF-8 names
    local.writeUInt16LE(method, 8)
    local.writeUInt32LE(crc >>> 0, 14)
    local.writeUInt32LE(raw.length, 18)
    local.writeUInt32LE(declared, 22)
    local.writeUInt16LE(name.length, 26)
    locals.push(local, name, Buffer.from(raw))
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0x0800, 8)
    central.writeUInt16LE(method, 10)
    central.writeUInt32LE(crc >>> 0, 16)
    central.writeUInt32LE(raw.length, 20)
    central.writeUInt32LE(declared, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(offset, 42)
    centrals.push(central, name)
    offset += 30 + name.length + raw.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return new Uint8Array(Buffer.concat([...locals, directory, end]))
}

/** `size` bytes of zeros, deflated by 1 MiB chunks: the test never holds the inflated bytes. */
export async function deflatedZeros(size: number): Promise<{ raw: Uint8Array; size: number; crc: number }> {
  const deflate = createDeflateRaw({ level: 9 })
  const chunks: Buffer[] = []
  deflate.on('data', (chunk: Buffer) => chunks.push(chunk))
  const chunk = Buffer.alloc(1024 * 1024)
  let crc = 0
  for (let written = 0; written < size; written += chunk.length) {
    const piece = size - written >= chunk.length ? chunk : chunk.subarray(0, size - written)
    crc = crc32(piece, crc)
    if (!deflate.write(piece)) await once(deflate, 'drain')
  }
  deflate.end()
  await once(deflate, 'end')
  return { raw: new Uint8Array(Buffer.concat(chunks)), size, crc }
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`

const RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`

const DOCUMENT = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Statuts de l’association</w:t></w:r></w:p></w:body></w:document>`

/** A minimal DOCX that Word opens. */
export function docxBytes(contentTypes: string = CONTENT_TYPES): Uint8Array<ArrayBuffer> {
  return zip([
    { name: '[Content_Types].xml', data: contentTypes },
    { name: '_rels/.rels', data: RELS },
    { name: 'word/document.xml', data: DOCUMENT },
  ])
}

/** A minimal ODT: the `mimetype` entry first and stored, as the OpenDocument format requires. */
export function odtBytes(mimetype = 'application/vnd.oasis.opendocument.text'): Uint8Array<ArrayBuffer> {
  return zip([
    { name: 'mimetype', data: mimetype, store: true },
    { name: 'content.xml', data: '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>' },
    { name: 'META-INF/manifest.xml', data: '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>' },
  ])
}

/** The bomb of issue 16: a DOCX whose [Content_Types].xml inflates to `size` bytes of zeros. */
export async function docxBomb(size = 200 * 1024 * 1024): Promise<Uint8Array<ArrayBuffer>> {
  return zip([
    { name: '[Content_Types].xml', deflated: await deflatedZeros(size) },
    { name: '_rels/.rels', data: RELS },
    { name: 'word/document.xml', data: DOCUMENT },
  ])
}
