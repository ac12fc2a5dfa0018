// Runs the Microsoft 365 Agents Playground for one test process and stops it when that process is gone.
// The test runner kills its test host without running exit handlers, so the child must watch.
// Usage: node playground-for-tests.cjs <parent-pid> <agentsplayground args...>
// The playground prints "Listening on <port>" (it picks another port when the one asked for is taken).
const { spawn } = require('child_process');
const path = require('path');

const parentPid = Number(process.argv[2]);
const cli = path.join(__dirname, '..', '..', '..', 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');
const child = spawn(process.execPath, [cli, ...process.argv.slice(3)], { stdio: 'inherit' });

function stop(code) {
  try { child.kill('SIGTERM'); } catch { /* already gone */ }
  process.exit(code);
}

setInterval(() => {
  try { process.kill(parentPid, 0); } catch { stop(0); }
}, 500).unref();
child.on('exit', (code) => process.exit(code ?? 1));
process.on('SIGTERM', () => stop(0));
process.on('SIGINT', () => stop(0));
