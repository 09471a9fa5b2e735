// The check page, the widget and the in-call banners on real Firefox (Debian's firefox-esr),
// driven by Puppeteer over WebDriver BiDi, on both runtimes. Run by tests/firefox/test_firefox.py,
// which serves the site and passes MICSENTRY_SITE_URL, MICSENTRY_FRAME_HOST and MICSENTRY_FIREFOX.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { after, describe, test } from "node:test";

// Puppeteer is one of the site's build-time packages (web/package.json, pinned in its lock).
const web = createRequire(new URL("../../web/package.json", import.meta.url));
const { default: puppeteer } = await import(web.resolve("puppeteer-core"));

const SITE = process.env.MICSENTRY_SITE_URL;
const FRAME_HOST = process.env.MICSENTRY_FRAME_HOST; // another origin that serves pages we give it
const FIREFOX = process.env.MICSENTRY_FIREFOX ?? "/usr/bin/firefox-esr";
const DOUBLE = readFileSync(process.env.MICSENTRY_UFD_DOUBLE, "utf8");
const WIDGET_PAGES = JSON.parse(process.env.MICSENTRY_WIDGET_PAGES); // runtime -> a third-party page with the widget
const RUNTIMES = ["micropython", "pyodide"];
const FAKE = { "media.navigator.streams.fake": true };

const browsers = new Map(); // preferences (as JSON) -> a launched Firefox
async function firefox(prefs) {
  const key = JSON.stringify(prefs);
  if (!browsers.has(key)) {
    browsers.set(key, await puppeteer.launch({ browser: "firefox", executablePath: FIREFOX, headless: true,
      extraPrefsFirefox: { "network.dns.localDomains": "insecure.test", ...prefs } }));
  }
  return browsers.get(key);
}
after(async () => { for (const browser of browsers.values()) await browser.close(); });

/** A page in a fresh context of a Firefox with *prefs*; console errors are collected. */
async function open(prefs, { script } = {}) {
  const context = await (await firefox(prefs)).createBrowserContext();
  const page = await context.newPage();
  page.errors = [];
  page.on("console", (message) => { if (message.type() === "error") page.errors.push(message.text()); });
  page.on("pageerror", (error) => page.errors.push(String(error)));
  if (script) await page.evaluateOnNewDocument(script);
  page.done = () => context.close();
  return page;
}

const VERDICT = () => ["ok", "warning", "error"].includes(document.querySelector("[data-micsentry]")?.dataset.state);
async function verdict(frame) {
  await frame.waitForFunction(VERDICT, { timeout: 60000 });
  return frame.evaluate(() => {
    const root = document.querySelector("[data-micsentry]");
    return { state: root.dataset.state, runtime: root.dataset.runtime,
      cause: document.querySelector('[data-micsentry-banner][data-phase="precall"]')?.dataset.cause ?? null,
      detail: document.querySelector(".micsentry-banner__detail")?.textContent ?? "",
      permission: document.querySelector("[data-micsentry-permission]").dataset.permission,
      status: document.querySelector("[data-micsentry-status]").textContent, lang: document.documentElement.lang };
  });
}
const url = (runtime, path = "", query = "") => `${SITE}${path}?runtime=${runtime}${query}`;

// Firefox's own errors for what this machine cannot produce (an OS-level block, a device another
// program holds), as Firefox words them, injected before any page script runs.
const rejectWith = (name, message) => `MediaDevices.prototype.getUserMedia = () =>
  Promise.reject(new DOMException(${JSON.stringify(message)}, ${JSON.stringify(name)}));`;
const FIREFOX_NOT_ALLOWED = "The request is not allowed by the user agent or the platform in the current context.";

for (const runtime of RUNTIMES) {
  describe(`Firefox, ${runtime}`, () => {
    test("granted: ok", async () => {
      const page = await open({ ...FAKE, "permissions.default.microphone": 1 });
      await page.goto(url(runtime));
      const found = await verdict(page);
      assert.deepEqual([found.state, found.runtime, found.permission], ["ok", runtime, "granted"]);
      assert.deepEqual(page.errors, []);
      await page.done();
    });

    test("blocked for the site (preference): browser-denied, Firefox's words kept", async () => {
      const page = await open({ ...FAKE, "permissions.default.microphone": 2 });
      await page.goto(url(runtime));
      const found = await verdict(page);
      assert.deepEqual([found.cause, found.permission], ["browser-denied", "denied"]);
      assert.equal(found.detail, `Your browser said: NotAllowedError: ${FIREFOX_NOT_ALLOWED}`);
      assert.match(found.status, /^Firefox is blocking the microphone/);
      await page.done();
    });

    test("no device (no fake streams, no hardware): no-device", async () => {
      const page = await open({ "media.navigator.permission.disabled": true });
      await page.goto(url(runtime));
      const found = await verdict(page);
      assert.equal(found.cause, "no-device");
      assert.equal(found.detail, "Your browser said: NotFoundError: The object can not be found here.");
      await page.done();
    });

    test("the OS-level block and the device in use, in Firefox's words: os-blocked, device-in-use", async () => {
      for (const [name, message, cause] of [["NotAllowedError", FIREFOX_NOT_ALLOWED, "os-blocked"],
        ["NotReadableError", "Failed to allocate audiosource", "device-in-use"]]) {
        const page = await open({ ...FAKE, "permissions.default.microphone": 1 }, { script: rejectWith(name, message) });
        await page.goto(url(runtime));
        assert.equal((await verdict(page)).cause, cause);
        await page.done();
      }
    });

    test("an insecure origin: insecure-context", async () => {
      const page = await open({ ...FAKE, "permissions.default.microphone": 1 });
      await page.goto(url(runtime).replace("//localhost:", "//insecure.test:"));
      assert.equal((await verdict(page)).cause, "insecure-context");
      assert.equal(await page.evaluate(() => isSecureContext), false);
      await page.done();
    });

    test("a cross-origin frame without allow=microphone: policy-blocked; with it: ok", async () => {
      for (const [allow, cause] of [["", "policy-blocked"], [' allow="microphone"', null]]) {
        const page = await open({ ...FAKE, "permissions.default.microphone": 1 });
        const src = url(runtime);
        await page.goto(`${FRAME_HOST}/frame?src=${encodeURIComponent(src)}${allow ? "&allow=microphone" : ""}`);
        const frame = await (await page.waitForSelector("#micsentry-frame")).contentFrame();
        assert.equal((await verdict(frame)).cause, cause);
        await page.done();
      }
    });

    test("German Firefox: the page in German", async () => {
      const page = await open({ ...FAKE, "permissions.default.microphone": 1, "intl.accept_languages": "de-DE,de" });
      await page.goto(url(runtime));
      const found = await verdict(page);
      assert.deepEqual([found.lang, found.status], ["de", "Ihr Mikrofon ist bereit."]);
      await page.done();
    });

    test("the widget on a third-party page, and its in-call banners through the diagnostics double", async () => {
      const page = await open({ ...FAKE, "permissions.default.microphone": 1 }, { script: DOUBLE });
      await page.goto(WIDGET_PAGES[runtime]);
      await page.waitForFunction(() => document.getElementById("w")?.state?.precall === "ok", { timeout: 60000 });
      await page.evaluate(() => { window.feature = new UfdFeatureDouble(); document.getElementById("w").attach(feature); });
      await page.evaluate(() => feature.raise("microphonePermissionDenied", true));
      await page.waitForFunction(() => document.getElementById("w").state.incallCause === "mic-permission-denied");
      await page.evaluate(() => feature.raise("microphonePermissionDenied", false));
      await page.waitForFunction(() => document.getElementById("w").state.incall === "ok");
      assert.equal(await page.evaluate(() => { document.getElementById("w").detach(); return feature.listenerCount; }), 0);
      assert.deepEqual(page.errors, []);
      await page.done();
    });
  });
}
