// A stand-in "Actor" for the executor tests: it reports the environment it got (never the
// token itself, only its hash), listens to the events WebSocket and prints each event, and
// behaves as its arguments say:
//   --exit-code N        exit with N right after reporting (default: stay alive)
//   --exit-on-aborting   exit 0 when the `aborting` event arrives
//   --spawn-child        start a long-sleeping grandchild (to prove the whole group is killed)
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { WebSocket } from 'ws';

const args = process.argv.slice(2);
const argValue = (name) => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
};
const env = Object.fromEntries(
    Object.entries(process.env)
        .filter(([name]) => /^(APIFY_|ACTOR_|CRAWLEE_)/.test(name))
        .map(([name, value]) => [
            name,
            name === 'APIFY_TOKEN'
                ? `sha256:${createHash('sha256')
                      .update(value ?? '')
                      .digest('hex')}`
                : value,
        ]),
);
console.log(`PROBE_ENV ${JSON.stringify(env)}`);

if (args.includes('--spawn-child')) {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600000)'], { stdio: 'ignore' });
    console.log(`PROBE_GRANDCHILD ${child.pid}`);
}

const exitCode = argValue('--exit-code');
if (exitCode !== undefined) {
    console.error('PROBE exiting on request');
    process.exit(Number(exitCode));
}

const ws = new WebSocket(process.env.ACTOR_EVENTS_WEBSOCKET_URL);
ws.on('open', () => console.log('PROBE_CONNECTED'));
ws.on('message', (message) => {
    console.log(`PROBE_EVENT ${String(message)}`);
    const { name } = JSON.parse(String(message));
    if (name === 'aborting' && args.includes('--exit-on-aborting')) process.exit(0);
});
setInterval(() => {}, 1000);
