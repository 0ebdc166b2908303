// The bank's manual, page by page, in headless Chromium (Debian's /usr/bin/chromium) driven by
// Playwright. Run by ChromiumE2eTest, which starts the web example and passes, in the environment:
//   BASE_URL        https://127.0.0.1:PORT/
//   USER_ID, TEMP_PASSWORD, ACQ_PASSWORD   the demo customer's letter
//   NEW_PASSWORD    the password chosen at the first login
//   SHOTS_DIR       where the screenshots go
//   DOWNLOAD_DIR    where the downloaded PKCS#12 file goes
//   CHROMIUM        the browser executable
// Prints one JSON line per step; exits 1 (after a screenshot of the failing page) on any failure.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const BASE = env('BASE_URL');
const ORIGIN = new URL(BASE).origin;
const USER_ID = env('USER_ID');
const TEMP_PASSWORD = env('TEMP_PASSWORD');
const ACQ_PASSWORD = env('ACQ_PASSWORD');
const NEW_PASSWORD = env('NEW_PASSWORD');
const SHOTS = env('SHOTS_DIR');
const DOWNLOADS = env('DOWNLOAD_DIR');
const SERVICE = 'fx-forward';
mkdirSync(SHOTS, { recursive: true });
mkdirSync(DOWNLOADS, { recursive: true });

const step = (name, extra = {}) => console.log(JSON.stringify({ step: name, ...extra }));
const check = (cond, message) => { if (!cond) throw new Error(message); };
let current = null;
const shot = async (page, name) => {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  step(name, { url: page.url() });
};

// types a password with the on-screen keyboard (manual L6), pressing its shift key as needed
const typeWithSoftwareKeyboard = async (page, text) => {
  await page.click('#softkeyboard-toggle');
  let shifted = false;
  for (const ch of text) {
    const upper = ch >= 'A' && ch <= 'Z';
    const lower = ch >= 'a' && ch <= 'z';
    if ((upper && !shifted) || (lower && shifted)) {
      await page.click('#softkeyboard [data-action="shift"]');
      shifted = !shifted;
    }
    await page.click(`#softkeyboard button[data-key="${ch}"]`);
  }
};

const browser = await chromium.launch({
  executablePath: env('CHROMIUM'),
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  timeout: 60_000,
});
try {
  // ---- 2.1 Acquiring a certificate: a browser without any certificate yet
  const plain = await browser.newContext({
    ignoreHTTPSErrors: true, locale: 'ja-JP', acceptDownloads: true,
    viewport: { width: 1100, height: 900 },
  });
  let page = await plain.newPage();
  current = page;
  await page.goto(`${BASE}${SERVICE}/`);
  check(await page.textContent('#acquire') === '電子証明書取得', 'no [電子証明書取得] button');
  check(await page.textContent('#certificate-login') === '電子証明書ログイン', 'no [電子証明書ログイン] button');
  await shot(page, '01-login');

  // A1-A2: [電子証明書取得], then user ID, password and acquisition password
  await page.click('#acquire');
  await page.waitForURL(/\/acquire$/);
  await page.fill('#userId', USER_ID);
  await page.fill('#password', TEMP_PASSWORD);
  await page.fill('#acquisitionPassword', ACQ_PASSWORD);
  await shot(page, '02-acquire');

  // A3: the "issuing" screen, until the next one appears by itself
  await page.click('#acquire-submit');
  await page.waitForURL(/\/issuing$/);
  await shot(page, '03-issuing');
  await page.waitForURL(/\/download$/, { timeout: 60_000 });

  // A4-A5: [ダウンロード] and the browser's download
  await shot(page, '04-download');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  check(download.suggestedFilename() === `${USER_ID}.p12`,
    `download named ${download.suggestedFilename()}`);
  const p12 = join(DOWNLOADS, download.suggestedFilename());
  await download.saveAs(p12);
  step('downloaded', { file: download.suggestedFilename() });
  await plain.close();

  // ---- A6-A12: the certificate imported into the browser (Playwright's client certificates)
  const withCert = await browser.newContext({
    ignoreHTTPSErrors: true, locale: 'ja-JP', viewport: { width: 1100, height: 900 },
    clientCertificates: [{ origin: ORIGIN, pfxPath: p12, passphrase: ACQ_PASSWORD }],
  });
  page = await withCert.newPage();
  current = page;

  // ---- 2.2 Certificate login: L1 [電子証明書ログイン]
  await page.goto(`${BASE}${SERVICE}/`);
  await page.click('#certificate-login');
  await page.waitForURL(/\/password$/);
  const cn = await page.textContent('td.cn');
  check(cn === USER_ID, `CN shown is ${cn}`);
  const notAfter = await page.textContent('td.not-after');
  check(/日本時間/.test(notAfter), `validity not in Japan time: ${notAfter}`);

  // L4, L6: the temporary password with the software keyboard
  await typeWithSoftwareKeyboard(page, TEMP_PASSWORD);
  check(await page.inputValue('#password') === TEMP_PASSWORD, 'the keyboard typed something else');
  check(await page.getAttribute('#password', 'type') === 'password', 'the field is not masked');
  await shot(page, '05-password');
  await page.click('#password-submit');

  // L5: first-login change
  await page.waitForURL(/\/change-password$/);
  await shot(page, '06-change-password');
  await page.fill('#currentPassword', TEMP_PASSWORD);
  await page.fill('#newPassword', NEW_PASSWORD);
  await page.fill('#confirmPassword', NEW_PASSWORD);
  await page.click('#change-submit');

  // the landing page: validity (R4) and re-acquisition status
  await page.waitForURL(/\/home$/);
  check(await page.textContent('.user-id') === USER_ID, 'user ID missing on the landing page');
  const verdict = await page.getAttribute('#reacquisition-status', 'data-verdict');
  check(verdict === 'UNAFFECTED', `verdict ${verdict}`);
  check(/日本時間/.test(await page.textContent('td.not-after')), 'validity missing');
  await shot(page, '07-home');

  // the same page in English
  await page.goto(`${BASE}${SERVICE}/home?lang=en`);
  check(/Your certificate/.test(await page.textContent('main')), 'no English text');
  await shot(page, '08-home-en');
  await withCert.close();
  step('done');
} catch (e) {
  if (current) {
    try {
      await current.screenshot({ path: join(SHOTS, '99-failure.png'), fullPage: true });
    } catch (ignored) {
      // the page is gone
    }
  }
  console.error(e && e.stack ? e.stack : String(e));
  process.exitCode = 1;
} finally {
  await browser.close();
}
