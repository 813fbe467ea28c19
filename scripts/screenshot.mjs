// Takes full-page screenshots of pages: node scripts/screenshot.mjs http://localhost:3000/ out.png [more url out pairs]
import { chromium } from '@playwright/test'

const args = process.argv.slice(2)
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
})
const page = await browser.newPage({ viewport: { width: Number(process.env.WIDTH ?? 1280), height: 900 } })
for (let i = 0; i < args.length; i += 2) {
  await page.goto(args[i])
  await page.screenshot({ path: args[i + 1], fullPage: true })
  console.log(args[i + 1])
}
await browser.close()
