// Who used the CPU during a measurement (Linux /proc): the API, PostgreSQL, the load generator, and
// everything else. "Other" matters on a shared machine: a busy neighbour inflates every latency.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ, as /proc reports it on Linux

function processes() {
  const result = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      result.set(Number(name), { comm, ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // exited meanwhile
    }
  }
  return result;
}

function systemBusy() {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = values; // idle and iowait are not busy
  return user + nice + system + irq + softirq + steal;
}

/**
 * Starts counting; `stop()` returns cores used on average by each group. `apiPid` (one pid or several) and
 * their children are "api"; `postmasterPid` and its children (or, without it, any process named postgres) are
 * "db"; `workerPid` (a second API instance that sends the queued email, BENCH_DELIVERY=worker) and its
 * children are "worker"; `extra` names more groups by pid ({ redis: 1234 }). A process that starts and exits
 * between start and stop is not seen: stop before closing the connections a run opened.
 */
export function cpuMeter({ apiPid, workerPid, postmasterPid, extra = {} }) {
  const apiPids = [apiPid].flat();
  if (workerPid) extra = { worker: workerPid, ...extra };
  if (!existsSync('/proc/stat')) return { stop: () => null };
  const started = { at: process.hrtime.bigint(), busy: systemBusy(), procs: processes() };
  return {
    stop() {
      const seconds = Number(process.hrtime.bigint() - started.at) / 1e9;
      const busy = systemBusy() - started.busy;
      const procs = processes();
      const group = (pid, info) => {
        if (pid === process.pid) return 'loadgen';
        if (apiPids.includes(pid) || apiPids.includes(info.ppid)) return 'api';
        for (const [name, extraPid] of Object.entries(extra)) if (pid === extraPid || info.ppid === extraPid) return name;
        if (postmasterPid ? pid === postmasterPid || info.ppid === postmasterPid : info.comm === 'postgres') return 'db';
        return null;
      };
      const used = { api: 0, db: 0, loadgen: 0, ...Object.fromEntries(Object.keys(extra).map((name) => [name, 0])) };
      for (const [pid, info] of procs) {
        const key = group(pid, info);
        if (!key) continue;
        used[key] += info.ticks - (started.procs.get(pid)?.ticks ?? 0);
      }
      const cores = (ticks) => Number((ticks / TICKS_PER_SECOND / seconds).toFixed(2));
      const counted = Object.values(used).reduce((sum, ticks) => sum + ticks, 0);
      return { ...Object.fromEntries(Object.entries(used).map(([name, ticks]) => [name, cores(ticks)])), other: cores(Math.max(0, busy - counted)) };
    },
  };
}

/** Cores the process tree of `pid` used over `ms`. */
export async function coresOf(pid, ms) {
  if (!existsSync('/proc/stat')) return null;
  const ticks = () => {
    let sum = 0;
    for (const [p, info] of processes()) if (p === pid || info.ppid === pid) sum += info.ticks;
    return sum;
  };
  const before = ticks();
  await new Promise((r) => setTimeout(r, ms));
  return (ticks() - before) / TICKS_PER_SECOND / (ms / 1000);
}
