import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { freePort } from './app-process.ts'

/** s3rver's fixed credentials: it checks SigV4 signatures against them. */
export const S3RVER_KEYS = { S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER' }

/** A real S3-protocol server on the loopback, started by the tests (not a mock). */
export interface S3Server {
  port: number
  bucket: string
  /** The environment that points the app at it (STORAGE_DRIVER=s3, path-style addressing). */
  env: Record<string, string>
  /** Kills the server (SIGKILL, as a crash); its files stay on disk. */
  kill(): Promise<void>
  /** Starts it again on the same port with the same files. */
  restart(): Promise<void>
  close(): Promise<void>
}

function launch(port: number, directory: string, bucket: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.resolve('tests/helpers/s3rver-main.mjs'), String(port), directory, bucket], { stdio: ['ignore', 'pipe', 'pipe'] })
  return new Promise((resolve, reject) => {
    let output = ''
    const timer = setTimeout(() => reject(new Error(`s3rver ne démarre pas : ${output}`)), 20_000)
    child.stdout!.on('data', (data: Buffer) => {
      output += data.toString()
      if (output.includes('ready')) {
        clearTimeout(timer)
        resolve(child)
      }
    })
    child.stderr!.on('data', (data: Buffer) => (output += data.toString()))
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`s3rver s’est arrêté (code ${code}) : ${output}`))
    })
  })
}

async function killChild(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGKILL')
  await exited
}

export async function startS3Server(bucket = 'aic-test'): Promise<S3Server> {
  const port = await freePort()
  const directory = mkdtempSync(path.join(tmpdir(), 'aic-s3rver-'))
  let child: ChildProcess | null = await launch(port, directory, bucket)
  return {
    port,
    bucket,
    env: { STORAGE_DRIVER: 's3', S3_ENDPOINT: `http://127.0.0.1:${port}`, S3_REGION: 'fr-par', S3_BUCKET: bucket, S3_ADDRESSING: 'path', S3_TIMEOUT_MS: '5000', ...S3RVER_KEYS },
    async kill() {
      await killChild(child)
      child = null
    },
    async restart() {
      await killChild(child)
      child = await launch(port, directory, bucket)
    },
    async close() {
      await killChild(child)
      child = null
      rmSync(directory, { recursive: true, force: true })
    },
  }
}
