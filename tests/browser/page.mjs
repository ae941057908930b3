// Drives the page `zhikg serve` gives at / in headless Chromium: runs the
// query in the box, a named query, and the entity search, and saves a
// screenshot. Usage: node page.mjs URL ENTITY_LABEL SCREENSHOT.png
// Prints one JSON line with what it saw; exits 1 when the page fails.
import { chromium } from "playwright-core";

const [url, label, shot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});
let failed = false;
const seen = {};
try {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url);
  // The default query: classes and their counts.
  await page.click("#run");
  await page.waitForSelector("#results table tr:nth-child(2)", { timeout: 15000 });
  seen.classRows = await page.locator("#results table tr").count();
  // A named query picked from the list.
  await page.waitForSelector("#named option[value]:not([value=''])", { state: "attached" });
  const names = await page.locator("#named option").allTextContents();
  seen.named = names.length - 1;
  await page.selectOption("#named", { label: "people" });
  await page.click("#run");
  await page.waitForFunction(() => {
    const t = document.querySelector("#results table");
    return t && t.rows[0] && t.rows[0].textContent.includes("person");
  }, null, { timeout: 15000 });
  seen.peopleRows = await page.locator("#results table tr").count();
  // The entity page: class, aliases and typed relations.
  await page.fill("#label", label);
  await page.click("#find");
  await page.waitForSelector("#entity table tr:nth-child(2)", { timeout: 15000 });
  seen.entityText = await page.locator("#entity table").innerText();
  await page.waitForSelector("#relations table tr:nth-child(2)", { timeout: 15000 });
  seen.relationsText = await page.locator("#relations table").innerText();
  await page.waitForSelector("#picture svg text", { state: "attached", timeout: 15000 });
  seen.pictureNodes = await page.locator("#picture svg text").count();
  await page.screenshot({ path: shot, fullPage: true });
  seen.errors = errors;
  failed = errors.length > 0 || seen.classRows < 3 || seen.named < 3 || seen.peopleRows < 2
    || !seen.entityText.includes("zk:Person") || seen.pictureNodes < 2;
} catch (e) {
  seen.exception = String(e);
  failed = true;
} finally {
  await browser.close();
}
console.log(JSON.stringify(seen));
process.exit(failed ? 1 : 0);
