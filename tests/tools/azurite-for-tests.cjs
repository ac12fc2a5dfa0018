// Runs Azurite's Table service for one test process and stops it when that process is gone.
// The test runner kills its test host without running exit handlers, so the child must watch.
// Usage: node azurite-for-tests.cjs <parent-pid> <azurite-table args...>
const { spawn } = require('child_process');
const path = require('path');

const parentPid = Number(process.argv[2]);
const bin = path.join(__dirname, '..', '..', 'node_modules', '.bin', 'azurite-table');
const child = spawn(bin, process.argv.slice(3), { stdio: 'inherit' });
// Tests that freeze storage (SIGSTOP) need the Azurite process itself, not this watcher.
console.log(`azurite-pid ${child.pid}`);

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
