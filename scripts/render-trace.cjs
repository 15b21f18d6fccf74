'use strict';
/**
 * Draws a trace as a waterfall PNG, for docs/guides/telemetry.md. The spans come from the
 * two-process telemetry test, which writes them when EDICT_TRACE_OUT names a file:
 *
 *   EDICT_TRACE_OUT=trace.json DATABASE_URL=... npx jest packages/postgres/test/integration/telemetry.int.test.ts
 *   node scripts/render-trace.cjs trace.json docs/guides/images/telemetry-trace.png
 *
 * Needs Chromium (`apt-get install chromium`, or CHROMIUM_PATH) and playwright-core.
 */
const { mkdtempSync, readFileSync, rmSync } = require('fs');
const { tmpdir } = require('os');
const { join } = require('path');
const { chromium } = require('playwright-core');

const [input, output] = process.argv.slice(2);
if (!input || !output) throw new Error('usage: node scripts/render-trace.cjs <spans.json> <out.png>');

const KINDS = ['internal', 'server', 'client', 'producer', 'consumer'];
const PROCESSES = { test: ['process A', '#2f6fdf'], pm: ['process B', '#d9822b'] };
const escapeHtml = (s) => String(s).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** The spans in tree order (parents first, children by start time), each with its depth. */
function ordered(spans) {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map();
  for (const s of spans) {
    const parent = s.parentSpanId && ids.has(s.parentSpanId) ? s.parentSpanId : 'root';
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(s);
  }
  const rows = [];
  const walk = (id, depth) => {
    for (const s of (children.get(id) ?? []).sort((a, b) => a.start - b.start)) {
      rows.push({ ...s, depth });
      walk(s.spanId, depth + 1);
    }
  };
  walk('root', 0);
  return rows;
}

function html(spans) {
  const rows = ordered(spans);
  const t0 = Math.min(...rows.map((s) => s.start));
  const total = Math.max(...rows.map((s) => s.end)) - t0;
  const detail = (s) =>
    [s.attributes['edict.event.type'], s.attributes['edict.aggregate.id'] && `id ${s.attributes['edict.aggregate.id']}`]
      .filter(Boolean)
      .join(', ');
  const lines = rows.map((s) => {
    const [where, color] = PROCESSES[s.process] ?? [s.process, '#666'];
    const left = ((s.start - t0) / total) * 100;
    const width = Math.max(((s.end - s.start) / total) * 100, 0.3);
    return `<tr><td class="name" style="padding-left:${8 + s.depth * 16}px">${escapeHtml(s.name)}
      <span class="detail">${escapeHtml(detail(s))}</span></td>
      <td class="kind">${KINDS[s.kind] ?? s.kind}</td><td class="where" style="color:${color}">${where}</td>
      <td class="bar"><div style="left:${left}%;width:${width}%;background:${color}"></div>
      <span style="left:calc(${left + width}% + 4px)">${(s.end - s.start).toFixed(1)} ms</span></td></tr>`;
  });
  return `<!doctype html><html><head><style>
    body { font: 13px/1.3 system-ui, sans-serif; margin: 16px; color: #222; background: #fff; }
    h1 { font-size: 15px; margin: 0 0 4px; } p { margin: 0 0 12px; color: #555; }
    table { border-collapse: collapse; width: 100%; } td { padding: 3px 6px; border-bottom: 1px solid #eee; white-space: nowrap; }
    .detail { color: #888; } .kind, .where { color: #666; width: 70px; }
    .bar { position: relative; width: 44%; } .bar div { position: absolute; top: 5px; height: 12px; border-radius: 2px; }
    .bar span { position: absolute; top: 3px; font-size: 11px; color: #555; }
  </style></head><body>
  <h1>trace ${escapeHtml(rows[0].traceId)}</h1>
  <p>${rows.length} spans in 2 OS processes on PostgreSQL, ${total.toFixed(1)} ms from the first span's start to the last one's end</p>
  <table>${lines.join('\n')}</table></body></html>`;
}

async function main() {
  const spans = JSON.parse(readFileSync(input, 'utf8'));
  const profile = mkdtempSync(join(tmpdir(), 'edict-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    viewport: { width: 1200, height: 400 },
  });
  try {
    const page = await context.newPage();
    await page.setContent(html(spans));
    await page.screenshot({ path: output, fullPage: true });
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
