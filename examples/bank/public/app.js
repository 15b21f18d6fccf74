// The bank's live page: balances from a live query over WebSocket, the activity feed from
// Server-Sent Events. Both reconnect by themselves; the feed resumes after the last event it
// received (the browser sends it as Last-Event-ID), so nothing is missed or shown twice.
'use strict';

const holders = new Map(); // accountId -> { owner, currency }, learnt from the feed and the balances
const state = { feed: 'connecting', balances: 'connecting' };

function showStatus() {
  const status = document.getElementById('status');
  const live = state.feed === 'live' && state.balances === 'live';
  const lost = state.feed === 'reconnecting' || state.balances === 'reconnecting';
  status.dataset.state = live ? 'live' : lost ? 'reconnecting' : 'connecting';
  status.textContent = live ? 'live' : lost ? 'reconnecting…' : 'connecting…';
}

function money(minorUnits, currency) {
  if (!currency) return `${minorUnits} (minor units)`;
  const format = new Intl.NumberFormat('en', { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits;
  return format.format(minorUnits / 10 ** digits);
}

const who = (accountId) => holders.get(accountId)?.owner ?? `account ${accountId.slice(0, 8)}`;
const currencyOf = (accountId) => holders.get(accountId)?.currency;
const short = (id) => id.slice(0, 8);
const OUTCOME = {
  'not-debited': 'nothing moved',
  refunded: 'refunded to the sender',
  held: 'money held for settlement',
};

/** One line of the feed for an event of the log. */
function describe(event) {
  const e = event.data;
  switch (event.type) {
    case 'bank.AccountOpened':
      holders.set(e.accountId, { owner: e.owner, currency: e.currency });
      return `${e.owner} opened an account in ${e.currency}`;
    case 'bank.MoneyDeposited':
      return e.transferId
        ? `${who(e.accountId)} received ${money(e.amount, currencyOf(e.accountId))} (transfer ${short(e.transferId)})`
        : `${who(e.accountId)} deposited ${money(e.amount, currencyOf(e.accountId))}`;
    case 'bank.MoneyWithdrawn':
      return e.transferId
        ? `${who(e.accountId)} sent ${money(e.amount, currencyOf(e.accountId))} (transfer ${short(e.transferId)})`
        : `${who(e.accountId)} withdrew ${money(e.amount, currencyOf(e.accountId))}`;
    case 'bank.TransferRequested':
      return `Transfer ${short(e.transferId)}: ${who(e.fromAccountId)} → ${who(e.toAccountId)}, ${money(e.amount, e.currency)}`;
    case 'bank.TransferCompleted':
      return `Transfer ${short(e.transferId)} completed`;
    case 'bank.TransferFailed':
      return `Transfer ${short(e.transferId)} failed (${e.code}): ${OUTCOME[e.money] ?? e.money}`;
    case 'bank.AccountClosed':
      return `${who(e.accountId)} closed the account`;
    default:
      return event.type;
  }
}

function addEntry(event) {
  // Deliberately no de-duplication here: the stream's resume is what keeps entries unique.
  const item = document.createElement('li');
  item.dataset.position = String(event.position);
  const position = document.createElement('span');
  position.className = 'position';
  position.textContent = `#${event.position}`;
  const text = document.createElement('span');
  text.className = 'text';
  text.textContent = describe(event);
  const time = document.createElement('time');
  time.className = 'time';
  time.dateTime = event.createdAt;
  time.textContent = new Date(event.createdAt).toLocaleTimeString();
  item.append(position, text, time);
  const list = document.getElementById('activity');
  list.prepend(item);
  document.getElementById('activity-count').textContent = `${list.children.length} events`;
}

function followActivity() {
  const source = new EventSource('/events?from=start');
  source.onmessage = (message) => addEntry(JSON.parse(message.data));
  source.addEventListener('live', () => {
    state.feed = 'live';
    showStatus();
  });
  source.onerror = () => {
    // The browser reconnects by itself, after the retry delay the server gave.
    state.feed = 'reconnecting';
    showStatus();
  };
}

let shown = new Map(); // accountId -> balance shown, to highlight what changed

function renderBalances(accounts) {
  const body = document.querySelector('#balances tbody');
  body.replaceChildren();
  const next = new Map();
  for (const a of accounts) {
    holders.set(a.accountId, { owner: a.owner, currency: a.currency });
    next.set(a.accountId, a.balance);
    const row = document.createElement('tr');
    row.dataset.accountId = a.accountId;
    if (shown.has(a.accountId) && shown.get(a.accountId) !== a.balance) row.className = 'changed';
    if (a.status === 'closed') row.classList.add('closed');
    const cells = [a.owner, money(a.balance, a.currency), a.status];
    cells.forEach((text, i) => {
      const cell = document.createElement('td');
      cell.textContent = text;
      if (i === 1) cell.className = 'amount';
      row.append(cell);
    });
    body.append(row);
  }
  shown = next;
  document.getElementById('no-accounts').hidden = accounts.length > 0;
  fillAccountChoices(accounts.filter((a) => a.status === 'open'));
}

function fillAccountChoices(accounts) {
  for (const select of document.querySelectorAll('#transfer select')) {
    const chosen = select.value;
    select.replaceChildren(
      ...accounts.map((a) => {
        const option = document.createElement('option');
        option.value = a.accountId;
        option.textContent = `${a.owner} (${a.currency})`;
        return option;
      }),
    );
    if (accounts.some((a) => a.accountId === chosen)) select.value = chosen;
    else if (select.name === 'to' && accounts.length > 1) select.selectedIndex = 1; // not the sender
  }
}

function followBalances(delayMs = 500) {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const socket = new WebSocket(`${scheme}://${location.host}/live`);
  socket.onopen = () => socket.send(JSON.stringify({ type: 'subscribe', id: 'accounts', query: 'accounts' }));
  socket.onmessage = (message) => {
    const frame = JSON.parse(message.data);
    if (frame.type === 'result') {
      state.balances = 'live';
      showStatus();
      renderBalances(frame.value);
    }
  };
  socket.onclose = () => {
    state.balances = 'reconnecting';
    showStatus();
    setTimeout(() => followBalances(Math.min(delayMs * 2, 5_000)), delayMs);
  };
}

document.getElementById('transfer').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const from = String(form.get('from'));
  const currency = currencyOf(from);
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
  const output = document.getElementById('transfer-result');
  const response = await fetch('/transfers', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      fromAccountId: from,
      toAccountId: String(form.get('to')),
      amount: Math.round(Number(form.get('amount')) * 10 ** digits),
      currency,
    }),
  });
  const body = await response.json();
  output.textContent = response.ok ? `Transfer ${short(body.transferId)} under way` : body.error.message;
});

showStatus();
followActivity();
followBalances();
