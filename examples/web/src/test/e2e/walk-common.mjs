// What the browser walks share: manual.mjs, installed.mjs, renew.mjs and renewed.mjs here, and the
// Spring Boot host's walk.mjs (its tests copy this file beside it). Each walk prints one JSON line
// per step and, on any failure, takes a screenshot of the page it was on, prints the error and
// exits 1.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** An environment variable the walk needs; throws when it is not set. */
export const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};

/** One step's JSON line on standard output. */
export const step = (name, extra = {}) => console.log(JSON.stringify({ step: name, ...extra }));

/** Fails the walk with `message` unless `cond`. */
export const check = (cond, message) => { if (!cond) throw new Error(message); };

/** A function that saves a full-page screenshot `<name>.png` in `dir` (created) and logs the step. */
export const shooter = (dir) => {
  mkdirSync(dir, { recursive: true });
  return async (page, name) => {
    await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
    step(name, { url: page.url() });
  };
};

/** Types `text` on the on-screen keyboard (manual L6): shift applies to one letter only. */
export const typeWithSoftwareKeyboard = async (page, text) => {
  for (const ch of text) {
    if (ch >= 'A' && ch <= 'Z') {
      await page.click('#softkeyboard [data-action="shift"]');
      check(await page.getAttribute('#softkeyboard [data-action="shift"]', 'aria-pressed') === 'true',
        'shift is not on');
    }
    await page.click(`#softkeyboard button[data-key="${ch}"]`);
    check(await page.getAttribute('#softkeyboard [data-action="shift"]', 'aria-pressed') === 'false',
      'shift stayed on after one key');
  }
};

/** Opens the on-screen keyboard; returns the layout it shows (shuffled at every display). */
export const showKeyboard = async (page) => {
  await page.click('#softkeyboard-toggle');
  return page.getAttribute('#softkeyboard-keys', 'data-layout');
};

/** Headless Chromium from `CHROMIUM`, with `options` added to the launch options. */
export const launch = (options = {}) => chromium.launch({
  executablePath: env('CHROMIUM'),
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  timeout: 60_000,
  ...options,
});

/** The walk failed: a screenshot of `page` (if any) to `png`, the error on stderr, exit code 1. */
export const failed = async (page, png, e) => {
  if (page) {
    try {
      await page.screenshot({ path: png, fullPage: true });
    } catch (ignored) {
      // the page is gone
    }
  }
  console.error(e && e.stack ? e.stack : String(e));
  process.exitCode = 1;
};
