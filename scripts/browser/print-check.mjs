// The demo book's charts in the EPUB's chapters and in print.html printed to PDF, as Chromium lays
// them out. Run by scripts/epub-check.sh; by hand:
//
//   node print-check.mjs --html-dir BOOK/html --epub-dir UNZIPPED_EPUB --out DIR
//
// Fails (exit 1) when:
//   * a chart (<figure class="svg-chart">) of print.html, in print media, has no <svg role="img">,
//     an SVG with an empty layout box, or one that is hidden or wider than the printed page;
//   * a chart is missing from the PDF that Chromium prints (page.pdf()): checked per chart, by the
//     chart's own text (its title, tick and legend labels) in the PDF's text, read with pdf.js;
//   * a chapter of the EPUB (its XHTML opened in Chromium) has a chart whose SVG has an empty box.
// Writes DIR/print.pdf, DIR/print-chart.png (print media, a chart in view) and DIR/epub-*.png
// (a few EPUB chapters as Chromium draws them), to look at.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

function arg(name) {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
}
const htmlDir = path.resolve(arg('html-dir') ?? '');
const epubDir = arg('epub-dir') && path.resolve(arg('epub-dir'));
const outDir = path.resolve(arg('out') ?? '.');
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const SHOT_CHAPTERS = ['bar', 'pie', 'line', 'models'];
/// Share of a chart's distinct texts that must be found in the PDF.
const MIN_TEXT_SHARE = 0.8;

const failures = [];
const fail = (where, what) => failures.push(`${where}: ${what}`);
const squash = (s) => s.replace(/\s+/g, '').normalize('NFC');

// Every chart of the page: its layout box, whether it is visible, and its distinct texts.
function charts() {
    return [...document.querySelectorAll('figure.svg-chart')].map((fig) => {
        const svg = fig.querySelector('svg[role="img"]');
        if (!svg) return { title: fig.textContent.slice(0, 60), svg: null };
        const r = svg.getBoundingClientRect();
        const s = getComputedStyle(svg);
        const texts = [...new Set([...svg.querySelectorAll('text')].map((t) => t.textContent.trim()).filter((t) => t.length >= 2))];
        return {
            title: svg.querySelector('title')?.textContent ?? '',
            svg: { width: r.width, height: r.height, right: r.right },
            hidden: s.display === 'none' || s.visibility === 'hidden',
            pageWidth: document.documentElement.clientWidth,
            texts,
        };
    });
}

const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
    const context = await browser.newContext({ viewport: { width: 1000, height: 1200 } });
    await context.addInitScript(() => {
        window.print = () => {};
    });
    const page = await context.newPage();

    // --- print.html → PDF ---------------------------------------------------------------------------
    await page.goto(pathToFileURL(path.join(htmlDir, 'print.html')).href, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    await page.evaluate(() => document.fonts.ready);
    const printed = await page.evaluate(charts);
    const expected = (fs.readFileSync(path.join(htmlDir, 'print.html'), 'utf8').match(/<figure class="svg-chart"[ >]/g) ?? []).length;
    if (printed.length !== expected || expected === 0) fail('print.html', `${printed.length} charts in print media, ${expected} in its HTML`);
    printed.forEach((c, i) => {
        const at = `print.html chart ${i + 1} "${c.title.slice(0, 60)}"`;
        if (!c.svg) return fail(at, 'no <svg role="img">');
        if (!(c.svg.width > 0 && c.svg.height > 0)) fail(at, `empty layout box in print media (${c.svg.width} × ${c.svg.height})`);
        if (c.hidden) fail(at, 'hidden in print media');
        if (c.svg.right > c.pageWidth + 1) fail(at, `wider than the page (right edge ${c.svg.right} > ${c.pageWidth})`);
    });
    const pdfPath = path.join(outDir, 'print.pdf');
    await page.pdf({ path: pdfPath, format: 'A4', printBackground: true });
    const first = page.locator('figure.svg-chart').first();
    await first.evaluate((f) => f.scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: path.join(outDir, 'print-chart.png') });

    // The PDF's text, page by page.
    const pdf = await getDocument({ data: new Uint8Array(fs.readFileSync(pdfPath)), useSystemFonts: false, disableFontFace: true }).promise;
    const pages = [];
    for (let n = 1; n <= pdf.numPages; n++) {
        const content = await (await pdf.getPage(n)).getTextContent();
        pages.push(squash(content.items.map((it) => it.str ?? '').join('')));
    }
    const all = pages.join('');
    let found = 0;
    printed.forEach((c, i) => {
        if (!c.svg || c.texts.length === 0) return;
        const present = c.texts.filter((t) => all.includes(squash(t)));
        if (present.length >= MIN_TEXT_SHARE * c.texts.length) found++;
        else {
            const missing = c.texts.filter((t) => !present.includes(t)).slice(0, 4);
            fail(`print.pdf chart ${i + 1} "${c.title.slice(0, 60)}"`, `${present.length} of its ${c.texts.length} texts in the PDF (missing e.g. ${missing.map((t) => `"${t}"`).join(', ')})`);
        }
    });
    console.error(`print-check: print.pdf: ${pdf.numPages} pages, ${found} of ${printed.length} charts found by their text`);

    // --- the EPUB's chapters ------------------------------------------------------------------------
    if (epubDir) {
        await page.emulateMedia({ media: 'screen' });
        const files = fs.readdirSync(path.join(epubDir, 'OEBPS')).filter((f) => f.endsWith('.html') || f.endsWith('.xhtml')).sort();
        let total = 0;
        for (const f of files) {
            const file = path.join(epubDir, 'OEBPS', f);
            if (!/<svg\b/.test(fs.readFileSync(file, 'utf8'))) continue;
            await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
            const cs = await page.evaluate(charts);
            total += cs.length;
            cs.forEach((c, i) => {
                const at = `EPUB ${f} chart ${i + 1} "${c.title.slice(0, 60)}"`;
                if (!c.svg) return fail(at, 'no <svg role="img">');
                if (!(c.svg.width > 0 && c.svg.height > 0)) fail(at, `empty layout box (${c.svg.width} × ${c.svg.height})`);
            });
            const stem = f.replace(/\.x?html$/, '');
            if (SHOT_CHAPTERS.includes(stem)) {
                await page.locator('figure.svg-chart').first().evaluate((el) => el.scrollIntoView({ block: 'start' }));
                await page.screenshot({ path: path.join(outDir, `epub-${stem}.png`) });
            }
        }
        console.error(`print-check: EPUB: ${total} charts laid out in its chapters`);
    }
    await context.close();
} finally {
    await browser.close();
}

for (const f of failures) console.error(`print-check: FAIL ${f}`);
if (failures.length) process.exit(1);
console.error('print-check: OK');
