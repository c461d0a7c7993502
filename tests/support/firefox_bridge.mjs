// Firefox ESR for the Python tests: puppeteer-core drives it over WebDriver BiDi (no geckodriver), and this
// script takes the tests' orders, one JSON line each on stdin, and answers each with one JSON line on stdout.
// tests/support/engines.py starts it and speaks for it; the assertions stay in Python.
//
//   {"id": 1, "op": "open", "width": 1280, "height": 800}      -> {"id": 1, "value": "p1"}  a fresh profile's page
//   {"id": 2, "op": "goto", "page": "p1", "url": "..."}         -> {"id": 2, "value": null}  once it has loaded
//   {"id": 3, "op": "evaluate", "page": "p1", "body": "return 1 + args[0]", "args": [1]} -> {"id": 3, "value": 2}
//   {"id": 4, "op": "click" | "press" | "reload" | "problems" | "close", "page": "p1", ...}
// A failure answers {"id": n, "error": "..."}. Firefox's preferences come as JSON in argv[2].
import readline from "node:readline";
import puppeteer from "puppeteer-core";

const prefs = JSON.parse(process.argv[2] || "{}");
const browser = await puppeteer.launch({
  browser: "firefox",
  executablePath: process.env.FIREFOX || "/usr/bin/firefox-esr",
  headless: true,
  extraPrefsFirefox: prefs,
});

const pages = new Map(); // id -> { page, context, problems }
let opened = 0;

const ops = {
  async open({ width, height }) {
    const context = await browser.createBrowserContext(); // its own storage, caches and service workers
    const page = await context.newPage();
    await page.setViewport({ width, height });
    const problems = [];
    page.on("pageerror", (error) => problems.push(`uncaught: ${error.message ?? error}`));
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console error: ${message.text()}`);
    });
    const id = `p${++opened}`;
    pages.set(id, { page, context, problems });
    return id;
  },
  async goto({ page, url }) {
    await page.goto(url, { waitUntil: "load" });
    return null;
  },
  async reload({ page }) {
    await page.reload({ waitUntil: "load" });
    return null;
  },
  async evaluate({ page, body, args }) {
    // The body of an async function of `args`, as the WebKit driver runs it (engines.py).
    return await page.evaluate(`(async (args) => { ${body} })(${JSON.stringify(args ?? [])})`) ?? null;
  },
  async click({ page, selector }) {
    await page.click(selector);
    return null;
  },
  async press({ page, key }) {
    await page.keyboard.press(key);
    return null;
  },
  async problems({ problems }) {
    return problems;
  },
  async close({ id, context }) {
    pages.delete(id);
    await context.close();
    return null;
  },
};

const lines = readline.createInterface({ input: process.stdin });
process.stdout.write(JSON.stringify({ ready: await browser.version() }) + "\n");
for await (const line of lines) {
  const order = JSON.parse(line);
  let answer;
  try {
    const target = order.page ? { id: order.page, ...pages.get(order.page) } : {};
    if (order.page && !target.page) throw new Error(`no page ${order.page}`);
    answer = { id: order.id, value: await ops[order.op]({ ...order, ...target }) };
  } catch (error) {
    answer = { id: order.id, error: String(error?.stack ?? error) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
await browser.close();
