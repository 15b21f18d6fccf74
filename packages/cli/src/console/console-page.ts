/**
 * The console's one page: plain HTML and a script that reads the JSON API. The handlers'
 * table refreshes every second; retry and purge send the token the page was opened with.
 */
export function consolePage(schema: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Edict console — ${escape(schema)}</title>
<style>
body{font:14px system-ui,sans-serif;margin:0;color:#1d2330;background:#f5f6f8}
header{background:#1d2330;color:#fff;padding:10px 20px;display:flex;gap:16px;align-items:baseline}
header h1{font-size:18px;margin:0} header span{opacity:.7}
main{display:grid;grid-template-columns:1fr 1fr;gap:16px;padding:16px}
section{background:#fff;border-radius:6px;padding:12px 14px;box-shadow:0 1px 2px #0002;overflow:auto}
section.wide{grid-column:1/3} h2{font-size:15px;margin:0 0 8px}
table{border-collapse:collapse;width:100%} th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eee;white-space:nowrap}
th{font-weight:600;color:#555} tr.pick{cursor:pointer} tr.pick:hover{background:#eef4ff}
.active{color:#18794e;font-weight:600}.stopped{color:#b35900;font-weight:600}.bad{color:#c0262d;font-weight:600}
form{display:flex;gap:8px;margin-bottom:8px} input{padding:4px 6px} button{padding:4px 10px;cursor:pointer}
pre{background:#f0f2f5;padding:8px;border-radius:4px;max-height:320px;overflow:auto;margin:0}
.note{color:#666;font-size:12px}
</style></head><body>
<header><h1>Edict console</h1><span>schema <b>${escape(schema)}</b></span><span id="mode"></span></header>
<main>
<section class="wide"><h2>Handlers</h2><table data-testid="handlers"><thead><tr><th>handler</th><th>state</th><th>held by</th><th>checkpoint</th><th>head</th><th>lag</th><th>lag age</th><th>dead letters</th><th>last error</th></tr></thead><tbody></tbody></table>
<div class="note" id="updated"></div></section>
<section><h2>Streams and events</h2>
<form id="streams"><input name="prefix" placeholder="stream id starts with…" data-testid="stream-prefix"><button>Find streams</button></form>
<table data-testid="streams"><tbody></tbody></table>
<form id="events"><input name="stream" placeholder="stream id" data-testid="event-stream"><input name="type" placeholder="type"><input name="after" placeholder="after position" size="8"><button>Search events</button></form>
<table data-testid="events"><thead><tr><th>#</th><th>stream</th><th>v</th><th>type</th><th>at</th></tr></thead><tbody></tbody></table></section>
<section><h2>Event</h2><pre data-testid="event">Pick an event.</pre>
<h2 style="margin-top:14px">Dead letters <span id="dl-handler" class="note"></span></h2>
<div><button id="retry-all" data-testid="retry-all">Retry all</button> <button id="purge-all">Purge all</button></div>
<table data-testid="dead-letters"><thead><tr><th>id</th><th>event</th><th>type</th><th>error</th><th>tries</th><th></th></tr></thead><tbody></tbody></table>
<div class="note" id="dl-note"></div></section>
</main>
<script>
const token = new URLSearchParams(location.search).get('token') || '';
document.getElementById('mode').textContent = token ? 'token given: retry and purge enabled' : 'read-only (open the address with ?token=… to retry and purge)';
const $ = (s) => document.querySelector(s);
const text = (v) => String(v == null ? '' : v).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
async function api(path, body) {
  const r = await fetch(path, body ? { method: 'POST', headers: { 'content-type': 'application/json', 'x-edict-token': token }, body: JSON.stringify(body) } : {});
  const json = await r.json();
  if (!r.ok) throw new Error(json.error ? json.error.message : r.statusText);
  return json;
}
let handler = '';
async function status() {
  const { handlers } = await api('/api/status');
  $('[data-testid=handlers] tbody').innerHTML = handlers.map((h) => '<tr class="pick" data-handler="' + text(h.name) + '"><td>' + text(h.name) + '</td><td class="' + h.state + '">' + h.state + '</td><td>' +
    text(h.holder ? h.holder.host + ':' + h.holder.pid : (h.standby.length ? 'standby: ' + h.standby.map((p) => p.host + ':' + p.pid).join(' ') : '-')) + '</td><td>' + h.checkpoint + '</td><td>' + h.head +
    '</td><td data-testid="lag">' + h.lagEvents + '</td><td>' + (h.lagEvents ? h.lagSeconds + 's' : '-') + '</td><td class="' + (h.deadLetters ? 'bad' : '') + '" data-testid="dead">' + h.deadLetters + (h.retrying ? ' (' + h.retrying + ' to retry)' : '') +
    '</td><td>' + text(h.lastError ? h.lastError.message + ' (@' + h.lastError.position + ')' : '-') + '</td></tr>').join('');
  $('#updated').textContent = 'updated ' + new Date().toLocaleTimeString();
  if (!handler && handlers.some((h) => h.deadLetters)) pickHandler(handlers.find((h) => h.deadLetters).name);
}
async function deadLetters() {
  if (!handler) return;
  const { deadLetters } = await api('/api/dead-letters?handler=' + encodeURIComponent(handler));
  $('#dl-handler').textContent = handler;
  $('[data-testid=dead-letters] tbody').innerHTML = deadLetters.map((d) => '<tr><td>' + d.id + '</td><td>' + text(d.event.streamId + '@' + d.event.version) + '</td><td>' + text(d.event.type) +
    '</td><td>' + text(d.error.message) + '</td><td>' + d.attempts + '</td><td>' + (d.retryRequestedAt ? 'retry asked ' : '') + '<button data-retry="' + d.id + '">Retry</button> <button data-purge="' + d.id + '">Purge</button></td></tr>').join('') ||
    '<tr><td colspan="6" class="note">none</td></tr>';
}
function pickHandler(name) { handler = name; deadLetters(); }
async function act(kind, ids) {
  try {
    const r = await api('/api/dead-letters/' + kind, { handler, ...(ids ? { ids } : {}) });
    $('#dl-note').textContent = kind === 'retry' ? r.marked + ' marked for a retry: the running handler processes them again' : r.purged + ' purged';
  } catch (e) { $('#dl-note').textContent = e.message; }
  deadLetters(); status();
}
document.addEventListener('click', (e) => {
  const t = e.target.closest('[data-handler],[data-retry],[data-purge],[data-stream],[data-position]');
  if (!t) return;
  if (t.dataset.retry) return act('retry', [Number(t.dataset.retry)]);
  if (t.dataset.purge) return act('purge', [Number(t.dataset.purge)]);
  if (t.dataset.handler) return pickHandler(t.dataset.handler);
  if (t.dataset.stream) { $('#events [name=stream]').value = t.dataset.stream; return events(); }
  if (t.dataset.position) $('[data-testid=event]').textContent = JSON.stringify(shown[t.dataset.position], null, 2);
});
$('#retry-all').onclick = () => act('retry');
$('#purge-all').onclick = () => act('purge');
let shown = {};
async function events() {
  const f = new FormData($('#events'));
  const q = new URLSearchParams([...f].filter(([, v]) => v));
  const { events } = await api('/api/events?' + q);
  shown = Object.fromEntries(events.map((e) => [e.position, e]));
  $('[data-testid=events] tbody').innerHTML = events.map((e) => '<tr class="pick" data-position="' + e.position + '"><td>' + e.position + '</td><td>' + text(e.streamId) + '</td><td>' + e.version + '</td><td>' + text(e.type) + '</td><td>' + text(e.createdAt) + '</td></tr>').join('') ||
    '<tr><td colspan="5" class="note">no events</td></tr>';
}
$('#events').onsubmit = (e) => { e.preventDefault(); events(); };
$('#streams').onsubmit = async (e) => {
  e.preventDefault();
  const { streams } = await api('/api/streams?prefix=' + encodeURIComponent(new FormData($('#streams')).get('prefix')));
  $('[data-testid=streams] tbody').innerHTML = streams.map((s) => '<tr class="pick" data-stream="' + text(s.streamId) + '"><td>' + text(s.streamId) + '</td><td>version ' + s.version + '</td></tr>').join('') ||
    '<tr><td class="note">no streams</td></tr>';
};
status(); events();
setInterval(() => { status().catch(() => undefined); deadLetters().catch(() => undefined); }, 1000);
</script></body></html>`;
}

function escape(value: string): string {
  return value.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
