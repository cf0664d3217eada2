import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../retrieval/config.js';
import { freePort } from '../tests/helpers/freePort.js';

/** Whether nginx can run here (Debian's `nginx-light` is enough). */
export function nginxInstalled(): boolean {
  return spawnSync('nginx', ['-v'], { stdio: 'ignore' }).status === 0;
}

/**
 * compose.yaml's load balancer without containers: `deploy/nginx.conf` as it is, with the two
 * compose services replaced by the given upstreams, listening on a free local port, its temp
 * files in `dir`.
 */
export async function startNginx(upstreams: string[], dir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  mkdirSync(join(dir, 'logs'), { recursive: true });
  let conf = readFileSync(join(PROJECT_ROOT, 'deploy', 'nginx.conf'), 'utf8');
  const servers = [...conf.matchAll(/^\s*server app\d:3978[^;]*;$/gm)];
  if (servers.length !== upstreams.length) throw new Error(`deploy/nginx.conf has ${servers.length} upstream servers, expected ${upstreams.length}`);
  servers.forEach((match, i) => (conf = conf.replace(match[0], match[0].replace(/app\d:3978/, upstreams[i]))));
  conf = conf.replace('listen 8080;', `listen 127.0.0.1:${port};`);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${join(dir, kind)};`).join('\n');
  conf = conf.replace('http {', `http {\n${temp}`);
  const path = join(dir, 'nginx.conf');
  writeFileSync(path, conf);
  const args = ['-c', path, '-p', dir, '-g', `daemon off; pid ${join(dir, 'nginx.pid')}; error_log ${join(dir, 'logs', 'error.log')};`];
  const test = spawnSync('nginx', ['-t', ...args], { encoding: 'utf8' });
  if (test.status !== 0) throw new Error(`nginx -t: ${test.stderr}`);
  const child = spawn('nginx', args, { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if ((await fetch(`${url}/healthz`).catch(() => undefined))?.status === 200) break;
    if (i > 500) throw new Error('nginx did not start');
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    url,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGQUIT'); // nginx's graceful stop
      await exited;
    },
  };
}
