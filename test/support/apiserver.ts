import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Kubectl, type KubectlResult } from '../../cli/kubectl.js';

const execFileAsync = promisify(execFile);
const kubeScript = fileURLToPath(new URL('../../scripts/provision/kube.sh', import.meta.url));

/** A real kube-apiserver backed by a real etcd, both on loopback, with an admin kubeconfig. */
export interface ApiServer {
  /** Kubeconfig file of a `system:masters` client-certificate user. */
  readonly kubeconfig: string;
  /** https://127.0.0.1:<port> */
  readonly server: string;
  /** Temp folder holding certs, data and logs; removed by stop(). */
  readonly dir: string;
  /** The environment a kubectl (or the deploy CLI) needs to talk to this server. */
  readonly env: NodeJS.ProcessEnv;
  kubectl(args: readonly string[], input?: string): Promise<KubectlResult>;
  stop(): Promise<void>;
}

/** The folder holding `etcd` and `kube-apiserver` (built once and cached by scripts/provision/kube.sh). */
export function kubeBinDir(): string {
  const out = execFileSync('bash', [kubeScript], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return out.trim().split('\n').at(-1) ?? '';
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('could not reserve a loopback port');
  return address.port;
}

async function openssl(dir: string, args: readonly string[]): Promise<void> {
  await execFileAsync('openssl', args, { cwd: dir });
}

/** A CA, a serving cert for 127.0.0.1, an admin client cert and a service-account key pair. */
async function generateCerts(dir: string): Promise<void> {
  const days = ['-days', '2'];
  await openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-subj', '/CN=clawbench-test-ca', ...days]);
  await writeFile(join(dir, 'serving.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  await writeFile(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  const signed = async (name: string, subject: string, ext: string): Promise<void> => {
    await openssl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject]);
    await openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-extfile', ext, ...days]);
  };
  await signed('serving', '/CN=127.0.0.1', 'serving.ext');
  await signed('admin', '/O=system:masters/CN=clawbench-test-admin', 'client.ext');
  await openssl(dir, ['genrsa', '-out', 'sa.key', '2048']);
  await openssl(dir, ['rsa', '-in', 'sa.key', '-pubout', '-out', 'sa.pub']);
}

/**
 * Runs the binary under a small shell that exits with it, and stops it when our end of the shell's
 * stdin closes, which also happens when the test process dies without calling stop() (even of
 * SIGKILL): no server outlives its test on a shared machine.
 */
// sh gives background jobs /dev/null as stdin, so the watcher reads the shell's stdin through fd 3
const WATCHDOG = 'exec 3<&0; "$0" "$@" </dev/null 3<&- & server=$!; (cat <&3 >/dev/null; kill $server 2>/dev/null) & wait $server';

function startProcess(binary: string, args: readonly string[], logFile: string): ChildProcess {
  const log = createWriteStream(logFile);
  // detached: its own process group, so stop() can take down the shell and the server together.
  const child = spawn('sh', ['-c', WATCHDOG, binary, ...args], { detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  // both streams share the log: neither may end it while the other still writes
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  child.on('close', () => log.end());
  return child;
}

function groupAlive(group: number): boolean {
  try {
    process.kill(-group, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopProcess(child: ChildProcess): Promise<void> {
  const group = child.pid;
  if (group === undefined) return;
  if (groupAlive(group)) process.kill(-group, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (groupAlive(group)) {
    if (Date.now() > deadline) process.kill(-group, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.stdin?.destroy();
}

async function tail(file: string): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').slice(-30).join('\n');
}

async function waitUntil(what: string, timeoutMs: number, child: ChildProcess, logFile: string, probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode}:\n${await tail(logFile)}`);
    if (await probe().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what} not ready after ${timeoutMs / 1000}s:\n${await tail(logFile)}`);
}

function kubeconfigYaml(server: string, ca: string, cert: string, key: string): string {
  const b64 = (text: string): string => Buffer.from(text).toString('base64');
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: test\n  cluster:\n    server: ${server}\n    certificate-authority-data: ${b64(ca)}`,
    'users:',
    `- name: admin\n  user:\n    client-certificate-data: ${b64(cert)}\n    client-key-data: ${b64(key)}`,
    'contexts:',
    '- name: test\n  context:\n    cluster: test\n    user: admin',
    'current-context: test',
    '',
  ].join('\n');
}

/**
 * Starts etcd and kube-apiserver on free loopback ports (RBAC, default admission plugins including
 * PodSecurity; ServiceAccount admission off because no controller-manager creates the default
 * service account) and waits for /readyz. No controller-manager or scheduler: Deployments are
 * stored, never rolled out.
 */
export async function startApiServer(): Promise<ApiServer> {
  const bin = kubeBinDir();
  const dir = await mkdtemp(join(tmpdir(), 'clawbench-apiserver-'));
  const certs = join(dir, 'certs');
  await mkdir(certs);
  await generateCerts(certs);
  const [etcdPort, peerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const etcdUrl = `http://127.0.0.1:${etcdPort}`;
  const peerUrl = `http://127.0.0.1:${peerPort}`;
  const server = `https://127.0.0.1:${apiPort}`;
  const processes: ChildProcess[] = [];
  const stopAll = async (): Promise<void> => {
    for (const child of processes.reverse()) await stopProcess(child);
  };
  try {
    const etcdLog = join(dir, 'etcd.log');
    const etcd = startProcess(join(bin, 'etcd'), [
      '--name=default', `--data-dir=${join(dir, 'etcd')}`,
      `--listen-client-urls=${etcdUrl}`, `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=${peerUrl}`, `--initial-advertise-peer-urls=${peerUrl}`, `--initial-cluster=default=${peerUrl}`,
      '--unsafe-no-fsync', '--log-level=warn',
    ], etcdLog);
    processes.push(etcd);
    await waitUntil('etcd', 30_000, etcd, etcdLog, async () => (await fetch(`${etcdUrl}/health`)).ok);

    const apiLog = join(dir, 'kube-apiserver.log');
    const apiserver = startProcess(join(bin, 'kube-apiserver'), [
      `--etcd-servers=${etcdUrl}`, '--bind-address=127.0.0.1', '--advertise-address=127.0.0.1', `--secure-port=${apiPort}`,
      `--cert-dir=${join(dir, 'apiserver-certs')}`,
      `--tls-cert-file=${join(certs, 'serving.crt')}`, `--tls-private-key-file=${join(certs, 'serving.key')}`,
      `--client-ca-file=${join(certs, 'ca.crt')}`,
      `--service-account-issuer=${server}`, `--service-account-key-file=${join(certs, 'sa.pub')}`,
      `--service-account-signing-key-file=${join(certs, 'sa.key')}`,
      '--service-cluster-ip-range=10.0.0.0/24', '--endpoint-reconciler-type=none',
      '--authorization-mode=RBAC', '--enable-admission-plugins=PodSecurity', '--disable-admission-plugins=ServiceAccount',
      '--profiling=false',
    ], apiLog);
    processes.push(apiserver);
    const kubeconfig = join(dir, 'kubeconfig');
    const [ca, cert, key] = await Promise.all(['ca.crt', 'admin.crt', 'admin.key'].map((file) => readFile(join(certs, file), 'utf8')));
    await writeFile(kubeconfig, kubeconfigYaml(server, ca ?? '', cert ?? '', key ?? ''), { mode: 0o600 });
    const env: NodeJS.ProcessEnv = { ...process.env, KUBECONFIG: kubeconfig };
    delete env.CLAWBENCH_NAMESPACE;
    const kubectl = new Kubectl(env);
    await waitUntil('kube-apiserver', 120_000, apiserver, apiLog, async () => {
      const result = await kubectl.run(['get', '--raw=/readyz']);
      return result.code === 0 && result.stdout.trim() === 'ok';
    });
    return {
      kubeconfig,
      server,
      dir,
      env,
      kubectl: (args, input) => kubectl.run(args, input === undefined ? {} : { input }),
      stop: async () => {
        await stopAll();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stopAll();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
