// Renewal with the current certificate in headless Chromium (Debian's /usr/bin/chromium) driven by
// Playwright. Run by ChromiumE2eTest with a server whose clock is after the notice's cut-over, and
// a customer whose certificate is of the 2020 cohort; in the environment:
//   BASE_URL        https://127.0.0.1:PORT/ (the pages: never asks for a certificate)
//   LOGIN_URL       https://127.0.0.1:LOGIN-PORT/ (certificate login: asks for one)
//   USER_ID         the customer
//   OLD_P12, OLD_P12_PASSWORD   the customer's current (2020) certificate file and its password
//   FILE_PASSWORD   the password the customer chooses for the new file
//   SHOTS_DIR       where the screenshots go
//   DOWNLOAD_DIR    where the new PKCS#12 file goes (renewed.p12)
//   CHROMIUM        the browser executable
// The old certificate is the browser's client certificate (Playwright's client certificates): its
// login is refused, the refusal leads to the renewal page, which asks only for the new file's
// password (no certificate acquisition password), and hands over the new file like acquisition.
// Prints one JSON line per step; exits 1 (after a screenshot of the failing page) on any failure.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { check, env, failed, launch, shooter, step } from './walk-common.mjs';

const BASE = env('BASE_URL');
const LOGIN_ORIGIN = new URL(env('LOGIN_URL')).origin;
const USER_ID = env('USER_ID');
const SHOTS = env('SHOTS_DIR');
const DOWNLOADS = env('DOWNLOAD_DIR');
const FILE_PASSWORD = env('FILE_PASSWORD');
const SERVICE = 'fx-forward';
mkdirSync(DOWNLOADS, { recursive: true });
const shot = shooter(SHOTS);
let current = null;

const browser = await launch();
try {
  const old = await browser.newContext({
    ignoreHTTPSErrors: true, locale: 'ja-JP', acceptDownloads: true,
    viewport: { width: 1100, height: 900 },
    clientCertificates: [{ origin: LOGIN_ORIGIN, pfxPath: env('OLD_P12'),
      passphrase: env('OLD_P12_PASSWORD') }],
  });
  const page = await old.newPage();
  current = page;

  // L1 with the 2020 certificate after the cut-over: refused, and the refusal offers the renewal
  await page.goto(`${BASE}${SERVICE}/`);
  await page.click('#certificate-login');
  await page.waitForSelector('.notice.error');
  check(new URL(page.url()).origin === LOGIN_ORIGIN, `refusal shown on ${page.url()}`);
  const refusal = await page.textContent('.notice.error');
  check(/2021年2月24日/.test(refusal), `no cut-over date in the refusal: ${refusal}`);
  check(/電子証明書取得用パスワードは不要/.test(refusal), `no renewal offered: ${refusal}`);
  await shot(page, 'r01-login-refused');

  // the renewal page: the presented certificate, the new file's password, nothing else
  await page.click(`.notice.error a[href="/${SERVICE}/renew"]`);
  await page.waitForURL(/\/renew$/);
  check(new URL(page.url()).origin === LOGIN_ORIGIN, `renewal on ${page.url()}`);
  check(await page.textContent('td.cn') === USER_ID, 'the presented certificate is not shown');
  check(await page.locator('#acquisitionPassword').count() === 0,
    'the renewal asks for the certificate acquisition password');
  check(await page.locator('input[type="password"]').count() === 2,
    'the renewal asks for more than the new file password and its confirmation');
  await page.fill('#filePassword', FILE_PASSWORD);
  await page.fill('#confirmFilePassword', FILE_PASSWORD);
  await shot(page, 'r02-renew');
  await page.click('#renew-submit');

  // the download screen of acquisition, and the file
  await page.waitForURL(/\/download$/, { timeout: 60_000 });
  const howTo = await page.textContent('ol.steps');
  check(/ファイル用パスワード/.test(howTo), `the import steps name another password: ${howTo}`);
  await shot(page, 'r03-download');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  check(download.suggestedFilename() === `${USER_ID}.p12`,
    `download named ${download.suggestedFilename()}`);
  await download.saveAs(join(DOWNLOADS, 'renewed.p12'));
  step('downloaded-renewed-certificate', { file: download.suggestedFilename() });

  // the old certificate renews nothing more: it was superseded
  await page.goto(`${LOGIN_ORIGIN}/${SERVICE}/renew`);
  await page.fill('#filePassword', FILE_PASSWORD);
  await page.fill('#confirmFilePassword', FILE_PASSWORD);
  await page.click('#renew-submit');
  await page.waitForSelector('.notice.error');
  const superseded = await page.textContent('.notice.error');
  check(/新しい電子証明書に置き換えられています/.test(superseded),
    `the superseded certificate was not refused: ${superseded}`);
  await shot(page, 'r04-old-certificate-superseded');
  await old.close();
  step('done');
} catch (e) {
  await failed(current, join(SHOTS, '99-renew-failure.png'), e);
} finally {
  await browser.close();
}
