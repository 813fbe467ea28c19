// An S3-protocol server (s3rver) in its own process, for the object-storage tests: the test can
// kill it to see the app with its storage down, and memory measured in the test process is the
// app's alone. Usage: node s3rver-main.mjs <port> <directory> <bucket>. Prints « ready <port> ».
import S3rver from 's3rver'

const [port, directory, bucket] = process.argv.slice(2)
const server = new S3rver({ port: Number(port), address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: bucket }] })
const { port: bound } = await server.run()
process.stdout.write(`ready ${bound}\n`)
process.on('SIGTERM', () => server.close().then(() => process.exit(0)))
