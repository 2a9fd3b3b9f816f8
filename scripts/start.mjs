#!/usr/bin/env node
// `npm start`: the whole system on embedded defaults. The district server (SQLite in
// .data/server, simulated back offices), the kiosk host in browser mode with the device
// manager on simulated devices, the kiosk enrolled with the local server, a content release
// published, and Chromium (or Electron, when its binary is there) opened on the kiosk.
// Every step that fails degrades to a message; Ctrl-C stops everything.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { register } from 'tsx/esm/api';

const root = path.resolve(import.meta.dirname, '..');
const dataDir = path.join(root, '.data');
const serverDir = path.join(dataDir, 'server');
const kioskDir = path.join(dataDir, 'kiosk');
const serverPort = Number(process.env.PORT ?? 8080);
const kioskPort = Number(process.env.KIOSK_PORT ?? 8090);
const serverUrl = `http://127.0.0.1:${serverPort}`;
// The server's metrics listener (METRICS_HOST/METRICS_PORT, loopback by default).
const metricsUrl = `http://${process.env.METRICS_HOST || '127.0.0.1'}:${process.env.METRICS_PORT || 9464}/metrics`;
const STAFF_PIN = process.env.KIOSK_STAFF_PIN ?? '246810';
const children = [];
let stopping = false;

register();
const log = (m) => console.error(`[start] ${m}`);

/** A persistent demo admin password, so a second `npm start` can still log in. */
function adminPassword() {
  const file = path.join(dataDir, 'admin-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const pw = randomBytes(12).toString('base64url');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${pw}\n`, { mode: 0o600 });
  return pw;
}

function run(name, entry, env, onLine) {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  return watchChild(name, child, onLine);
}

/** Logs a child's notable lines (every line with START_VERBOSE) and its exit; stops it with the rest. */
function watchChild(name, child, onLine) {
  // Streams the child inherits are not ours to read.
  for (const stream of [child.stdout, child.stderr].filter(Boolean)) {
    // A line may arrive split across chunks: the unfinished tail waits for the next one.
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop();
      for (const line of lines) {
        onLine?.(line);
        if (process.env.START_VERBOSE || /error|fail|warn/i.test(line)) console.error(`[${name}] ${line}`);
      }
    });
  }
  child.on('exit', (code, signal) => {
    if (!stopping) log(`${name} exited (${signal ?? code}); press Ctrl-C to stop the rest`);
  });
  children.push(child);
  return child;
}

async function waitFor(what, probe, timeoutMs = 120_000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      const v = await probe();
      if (v) return v;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${what} did not come up in ${timeoutMs / 1000} s`);
}

/** The staff API as the bootstrap admin: session cookie + CSRF token. */
async function staffSession(password) {
  const res = await fetch(`${serverUrl}/api/staff/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  });
  if (res.status !== 200) throw new Error(`admin login answered ${res.status}`);
  const cookie = String(res.headers.get('set-cookie')).split(';')[0];
  const { csrfToken } = await res.json();
  return async (method, url, body) => {
    const r = await fetch(serverUrl + url, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  };
}

/**
 * Whether a build is missing or older than any of its sources: a checkout that moved on must not
 * be shown with yesterday's UI.
 */
function outdated(builtFile, sources) {
  if (!existsSync(builtFile)) return true;
  const built = statSync(builtFile).mtimeMs;
  const newer = (p) => {
    const s = statSync(p);
    if (!s.isDirectory()) return s.mtimeMs > built;
    return readdirSync(p).some((name) => name !== 'dist' && name !== 'node_modules' && newer(path.join(p, name)));
  };
  return sources.some((rel) => existsSync(path.join(root, rel)) && newer(path.join(root, rel)));
}

/** An enrolment code for a demo terminal, unless the kiosk is enrolled with this server already. */
async function demoEnrolment(staff) {
  const identityFile = path.join(kioskDir, 'terminal.json');
  if (existsSync(identityFile)) {
    const { terminalId, serverUrl: enrolledWith } = JSON.parse(readFileSync(identityFile, 'utf8'));
    const known = await staff('GET', `/api/terminals/${encodeURIComponent(terminalId)}`);
    const forget = () => {
      rmSync(identityFile, { force: true });
      rmSync(path.join(kioskDir, 'terminal-key.pk8'), { force: true });
    };
    if (known.status === 200 && known.body?.status !== 'revoked') {
      if (enrolledWith === serverUrl) return undefined;
      // The same server data on another address (PORT changed): the same terminal enrols again there.
      log(`the kiosk was enrolled with ${enrolledWith}; enrolling it again with ${serverUrl}`);
      const ticket = await staff('POST', `/api/terminals/${encodeURIComponent(terminalId)}/enrolment-code`);
      if (ticket.status !== 200) throw new Error(`a new enrolment code answered ${ticket.status}`);
      forget();
      return ticket.body.code;
    }
    // The server's data was reset: this identity means nothing there any more.
    log('the kiosk was enrolled with a server that no longer knows it; enrolling again');
    forget();
  }
  const created = await staff('POST', '/api/terminals', { name: '行政服务中心 1 号机', location: '浦江区行政服务中心 一楼大厅', group: '行政服务中心' });
  if (created.status !== 201) throw new Error(`creating the demo terminal answered ${created.status}`);
  return created.body.enrolment.code;
}

async function ensureRelease(staff) {
  const list = await staff('GET', '/api/staff/content/releases');
  if (list.status === 200 && list.body.releases.length > 0) return;
  const published = await staff('POST', '/api/staff/content/releases', { targets: ['all'], note: 'npm start demo release' });
  if (published.status !== 201) throw new Error(`publishing content answered ${published.status}`);
}

function electronBinary() {
  try {
    const dir = path.join(root, 'node_modules', 'electron');
    const rel = readFileSync(path.join(dir, 'path.txt'), 'utf8').trim();
    const bin = path.join(dir, 'dist', rel);
    return existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

async function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  log('stopping');
  await Promise.all(
    children.map(
      (c) =>
        new Promise((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          c.once('exit', resolve);
          c.kill('SIGTERM');
          setTimeout(() => c.kill('SIGKILL'), 10_000).unref();
        }),
    ),
  );
  process.exit(code);
}
// A repeated signal is normal (Ctrl-C reaches npm and this process, and npm passes it on too)
// and changes nothing. Simulated devices die with the kiosk that owns them even when it has to
// be killed (setpriv --pdeathsig), and the children leave when this process's IPC goes away.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stopAll());

async function main() {
  mkdirSync(serverDir, { recursive: true });
  const password = adminPassword();
  log(`district server on ${serverUrl} (SQLite in ${path.relative(root, serverDir)})`);
  run('server', 'admin-web/server/src/main.ts', {
    PORT: String(serverPort),
    HOST: '127.0.0.1',
    DATA_DIR: serverDir,
    ADMIN_USERNAME: 'admin',
    ADMIN_PASSWORD: password,
  });

  if (outdated(path.join(root, 'admin-web', 'ui', 'dist', 'index.html'), ['admin-web/ui', 'protocol/src'])) {
    log('building the admin console (npm run build -w admin-web)');
    const built = spawnSync('npm', ['run', 'build', '-w', 'admin-web'], { cwd: root, stdio: 'inherit' });
    if (built.status !== 0) log('the admin console build failed: the server answers its pages with console-not-built');
  }
  if (outdated(path.join(root, 'kiosk', 'dist', 'ui', 'index.html'), ['kiosk/src/browser', 'kiosk/src/common', 'kiosk/index.html', 'protocol/src'])) {
    log('building the kiosk UI (npm run build -w kiosk)');
    const built = spawnSync('npm', ['run', 'build', '-w', 'kiosk'], { cwd: root, stdio: 'inherit' });
    if (built.status !== 0) log('the UI build failed: the kiosk page will say so');
  }
  if (outdated(path.join(root, 'kiosk', 'dist', 'preview', 'preview.html'), ['kiosk/src/browser', 'kiosk/src/common', 'kiosk/preview.html', 'protocol/src'])) {
    log("building the content studio's kiosk preview (npm run build:preview -w kiosk)");
    const built = spawnSync('npm', ['run', 'build:preview', '-w', 'kiosk'], { cwd: root, stdio: 'inherit' });
    if (built.status !== 0) log('the preview build failed: the studio preview answers kiosk-preview-not-built');
  }

  await waitFor('the district server', async () => (await fetch(`${serverUrl}/healthz`)).ok);
  let enrolCode;
  try {
    const staff = await staffSession(password);
    await ensureRelease(staff).catch((e) => log(`content: ${e.message}`));
    enrolCode = await demoEnrolment(staff);
  } catch (e) {
    log(`auto-enrolment skipped (${e.message}); the kiosk's first-boot screen asks for a code`);
  }

  // The demo terminal's public names (`district` of kiosk-config.json) and where it stands (the
  // district centre's lobby, for the map's "you are here"), unless set there already.
  const kioskConfigFile = path.join(kioskDir, 'kiosk-config.json');
  const kioskConfig = existsSync(kioskConfigFile) ? JSON.parse(readFileSync(kioskConfigFile, 'utf8')) : {};
  if (!kioskConfig.district || !kioskConfig.position) {
    mkdirSync(kioskDir, { recursive: true });
    const district = { name: { 'zh-CN': '浦江区', en: 'Pujiang District' }, locationName: { 'zh-CN': '浦江区行政服务中心 一楼大厅', en: 'Pujiang District Administrative Service Centre, ground floor' } };
    const position = { lng: 121.5443, lat: 31.2209 };
    writeFileSync(kioskConfigFile, JSON.stringify({ district, position, ...kioskConfig }, null, 2), { mode: 0o600 });
  }

  const bridgeToken = randomBytes(24).toString('base64url');
  let simulatorControl;
  const electron = electronBinary();
  const { hasDisplay } = await import('../kiosk/src/node/host/chromium.ts');
  const display = hasDisplay();
  const useElectron = Boolean(electron && display && process.env.KIOSK_SHELL !== 'browser');
  const openChromium = !useElectron && display && process.env.KIOSK_OPEN !== 'none';
  const kioskEnv = {
    KIOSK_DATA_DIR: kioskDir,
    KIOSK_DEVICES: 'simulated',
    KIOSK_STAFF_PIN: STAFF_PIN,
    ...(enrolCode ? { KIOSK_ENROL_SERVER: serverUrl, KIOSK_ENROL_CODE: enrolCode } : {}),
  };
  const watchLine = (line) => {
    const m = /simulator control socket (\S+)/.exec(line);
    if (m) simulatorControl = m[1];
    if (/enrol/.test(line)) log(line.replace(/^kiosk: /, 'kiosk '));
  };
  let kioskUrl;
  if (useElectron) {
    // Electron is the kiosk then: one core, one terminal identity, its own simulated devices.
    log('Electron found: the kiosk runs in the Electron shell');
    spawnSync(process.execPath, ['build/bundle-electron.mjs'], { cwd: root, stdio: 'inherit' });
    const shell = spawn(electron, [path.join(root, 'kiosk')], {
      cwd: root,
      env: { ...process.env, ...kioskEnv, KIOSK_DEV: '1' },
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    watchChild('electron', shell, watchLine);
    kioskUrl = 'the Electron window (app://kiosk/)';
    await waitFor('the simulated devices', () => simulatorControl, 60_000).catch(() => undefined);
  } else {
    const kiosk = run(
      'kiosk',
      'kiosk/src/node/main.ts',
      { ...kioskEnv, KIOSK_PORT: String(kioskPort), KIOSK_BRIDGE_TOKEN: bridgeToken, ...(openChromium ? { KIOSK_OPEN: 'chromium' } : {}) },
      watchLine,
    );
    kioskUrl = `http://127.0.0.1:${kioskPort}/#kiosk-token=${bridgeToken}`;
    await waitFor('the kiosk host', async () => kiosk.exitCode === null && (await fetch(`http://127.0.0.1:${kioskPort}/`)).ok);
  }

  const { SIM_ACCOUNTS } = await import('../admin-web/server/src/gateway/simulator/people.ts').catch(() => ({ SIM_ACCOUNTS: [] }));
  const accounts = SIM_ACCOUNTS.filter((a) => Object.keys(a.unpaid).length > 0)
    .map((a) => `    ${a.biller.padEnd(8)} ${a.account.padEnd(10)} ${a.holder}`)
    .join('\n');
  console.log(`
Civic Kiosk is running.

  Kiosk                 ${kioskUrl}${useElectron ? '' : '\n                        open exactly this URL (the token after # admits the page to the bridge)'}
  Admin console         ${serverUrl}/   user admin, password ${password}   (kept in .data/admin-password)
  API                   ${serverUrl}/api/   (described at /api/openapi.json)
  Prometheus metrics    ${metricsUrl}   (loopback only; not on the API port)
  Staff PIN on kiosk    ${STAFF_PIN}
  Simulated devices     ${simulatorControl ? `control socket ${simulatorControl}` : 'see the kiosk log'}
    npx kiosk-devices sim-control --socket ${simulatorControl ?? '<socket>'} --device card-reader --action insert-card --card ssc-v3
    npx kiosk-devices sim-control --socket ${simulatorControl ?? '<socket>'} --device barcode-scanner --action scan --code <bill barcode>
    npx kiosk-devices sim-control --socket ${simulatorControl ?? '<socket>'} --device receipt-printer --action paper-out
  Demo bill accounts (fictional)
${accounts || '    see admin-web/server/src/gateway/README.md'}

${useElectron ? '' : openChromium ? 'Chromium opened in app mode.\n' : 'No display or no Chromium: open the kiosk URL in a browser.\n'}Ctrl-C stops everything.`);
}

main().catch((e) => {
  log(`failed: ${e.message}`);
  void stopAll(1);
});
