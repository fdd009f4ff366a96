// The floor dashboard: signs in against the api, then polls one campaign's live
// figures (GET /campaigns/:id/stats) and why it is not dialing (GET /campaigns/:id/why).
// Plain browser JavaScript on purpose: no build step stands between the api and this page.
'use strict';

const TOKEN_KEY = 'dialer.token';
const STATS_EVERY_MS = 2000;
const $ = (id) => document.getElementById(id);
const percent = (rate, digits = 1) => (rate === null || rate === undefined ? '–' : `${(rate * 100).toFixed(digits)} %`);
const duration = (ms) => {
  const s = Math.max(0, Math.floor(ms / 1000));
  return s >= 3600 ? `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min` : `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

let token = sessionStorage.getItem(TOKEN_KEY);
let campaignId = new URLSearchParams(location.search).get('campaign');
let timer = null;

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (response.status === 401) {
    signOut();
    throw new Error('signed out');
  }
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.message || `${method} ${path}: ${response.status}`);
  return data;
}

function show(signedIn) {
  $('login').hidden = signedIn;
  $('controls').hidden = !signedIn;
  $('floor').hidden = !signedIn;
}

function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  token = null;
  clearInterval(timer);
  show(false);
}

$('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const response = await fetch('/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: form.get('email'), password: form.get('password') }),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    $('login-error').textContent = data.message || 'Sign-in failed';
    return;
  }
  $('login-error').textContent = '';
  token = data.accessToken;
  sessionStorage.setItem(TOKEN_KEY, token);
  start();
});
$('signout').addEventListener('click', signOut);

$('campaign').addEventListener('change', (event) => {
  campaignId = event.target.value;
  history.replaceState(null, '', `?campaign=${campaignId}`);
  refresh();
});

$('toggle').addEventListener('click', async () => {
  const action = $('toggle').dataset.action;
  $('toggle').disabled = true;
  try {
    await api('POST', `/campaigns/${campaignId}/${action}`);
  } catch (error) {
    alert(error.message);
  }
  await refresh();
});

async function start() {
  show(true);
  const campaigns = await api('GET', '/campaigns');
  const select = $('campaign');
  select.replaceChildren(
    ...campaigns
      .filter((c) => c.status !== 'archived')
      .map((c) => Object.assign(document.createElement('option'), { value: c.id, textContent: `${c.name} (${c.dialingMode})` })),
  );
  if (!campaignId || !campaigns.some((c) => c.id === campaignId)) campaignId = (campaigns.find((c) => c.status === 'active') || campaigns[0] || {}).id;
  if (!campaignId) return;
  select.value = campaignId;
  await refresh();
  clearInterval(timer);
  timer = setInterval(refresh, STATS_EVERY_MS);
}

function row(cells, className) {
  const tr = document.createElement('tr');
  for (const [i, text] of cells.entries()) {
    const td = document.createElement('td');
    td.textContent = text;
    if (i === 1 && className) td.className = className;
    tr.append(td);
  }
  return tr;
}

function render(stats, why) {
  const w = stats.window;
  const cap = w.capRate;
  $('status').textContent = stats.status;
  $('status').className = `badge ${stats.status}`;
  const toggle = $('toggle');
  toggle.hidden = !['draft', 'active', 'paused'].includes(stats.status);
  toggle.disabled = false;
  toggle.dataset.action = stats.status === 'active' ? 'pause' : stats.status === 'paused' ? 'resume' : 'start';
  toggle.textContent = { pause: 'Pause dialing', resume: 'Resume dialing', start: 'Start dialing' }[toggle.dataset.action];

  $('dials').textContent = w.dials;
  $('answers').textContent = w.liveAnswers;
  $('contact').textContent = w.dials ? `(${percent(w.contactRate, 0)} of dials)` : '';
  $('connects').textContent = w.connects;
  $('abandon-rate').textContent = percent(w.abandonRate, 2);
  // The rate the cap applies to counts AMD's estimated false positives (UK) on both sides.
  const estimated = w.amdFalsePositives || 0;
  const counted = (n) => (estimated ? (n + estimated).toFixed(1) : String(n));
  $('abandons').textContent = `${counted(w.abandons)} of ${counted(w.liveAnswers)} · cap ${percent(cap, 0)}`;
  $('abandon-bar').style.width = cap > 0 ? `${Math.min(100, (100 * w.abandonRate) / cap)}%` : '100%';
  $('abandon-tile').className = `tile${w.abandonRate >= cap ? ' bad' : w.abandonRate >= 0.8 * cap ? ' warn' : ''}`;
  $('occupancy').textContent = percent(stats.occupancy, 0);
  $('occupancy-wrap').textContent = stats.occupancyWithWrap === null ? '' : `(${percent(stats.occupancyWithWrap, 0)} with wrap-up)`;
  $('in-flight').textContent = stats.inFlight;
  $('dial-level').textContent = stats.pacing ? stats.pacing.dialLevel.toFixed(2) : '–';
  $('pacing-reason').textContent = stats.pacing ? `· ${stats.pacing.reason}` : '· no pacing leader';

  $('why').hidden = why.dialing || why.reasons.length === 0;
  $('why-reasons').replaceChildren(...why.reasons.map((r) => Object.assign(document.createElement('li'), { textContent: r.message })));

  const now = Date.parse(stats.at);
  const agents = [...stats.agents.list].sort((a, b) => a.name.localeCompare(b.name));
  $('agents').replaceChildren(
    ...agents.map((a) => row([a.name, a.state.replace('_', ' '), duration(now - a.sinceMs), a.pauseReason || a.pauseAfterCall || ''], `state state-${a.state}`)),
  );
  $('agent-summary').textContent = Object.entries(stats.agents.byState).map(([state, n]) => `${n} ${state.replace('_', ' ')}`).join(' · ');
  $('leads').replaceChildren(...Object.entries(stats.leads).map(([status, n]) => row([status, String(n)])));
  const h = stats.lastHour;
  $('last-hour').replaceChildren(
    row(['dials', String(h.dials)]),
    row(['live answers', String(h.liveAnswers)]),
    row(['connects', String(h.connects)]),
    row(['abandons', `${h.abandons} (${percent(h.abandonRate, 2)})`]),
  );
  $('window').textContent = `last ${w.hours} h (the regulatory window)`;
  $('updated').textContent = new Date(stats.at).toLocaleTimeString();
}

async function refresh() {
  if (!token || !campaignId) return;
  try {
    const [stats, why] = await Promise.all([api('GET', `/campaigns/${campaignId}/stats`), api('GET', `/campaigns/${campaignId}/why`)]);
    render(stats, why);
  } catch (error) {
    $('updated').textContent = `failed (${error.message})`;
  }
}

if (token) start().catch(signOut);
else show(false);
