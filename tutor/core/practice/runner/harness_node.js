// The JavaScript harness of the function kind: loads the student's file once, calls its
// function for each case under a per-case time limit, and reports over a channel of its own.
// Copied into each run's folder and run as
//   node harness.js CHANNEL_FD ACK_FD JOB_FD SOLUTION ENTRY FIRST_CASE  (the job: an inherited fd)
// What the code prints goes to stdout and stderr as usual, never into the channel; after
// "ready" and each "done" it waits for the parent's ack, so prints are told apart per case.
'use strict';
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const Module = require('module');
const util = require('util');

const [channelArg, ackArg, jobFd, solution, entry, firstArg] = process.argv.slice(2);
const channel = Number(channelArg);
const ack = Number(ackArg);
const [head, ...cases] = fs.readFileSync(Number(jobFd), 'utf8').split('\n');
const job = JSON.parse(head);
const timeLimit = Number(job.time_limit);
const wallMs = Math.ceil((3 * timeLimit + 1) * 1000);
const REPR_CHARS = 2000;
const exitNow = process.exit.bind(process);

function send(message) {
  fs.writeSync(channel, JSON.stringify(message) + '\n');
}

function sendAndWait(message) {
  send(message);
  if (fs.readSync(ack, Buffer.alloc(1), 0, 1, null) === 0) exitNow(0);
}

class ExitCalled extends Error {}

function encode(value, depth = 0, seen = new Set()) {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : { $float: String(value).replace('Infinity', 'inf').toLowerCase() };
  if (typeof value === 'bigint') return { $int: (value < 0n ? '-' : '') + (value < 0n ? -value : value).toString(16) };
  if (value === undefined) return { $repr: 'undefined', $type: 'undefined' };
  if (typeof value !== 'object') return { $repr: String(value).slice(0, REPR_CHARS), $type: typeof value };
  if (depth > 200 || seen.has(value)) return { $repr: '<nested too deeply, or containing itself>', $type: 'object' };
  const inner = new Set(seen).add(value);
  if (Array.isArray(value)) return value.map((v) => encode(v, depth + 1, inner));
  if (value instanceof Set) return { $set: [...value].map((v) => encode(v, depth + 1, inner)) };
  if (value instanceof Map) return { $dict: [...value].map(([k, v]) => [encode(k, depth + 1, inner), encode(v, depth + 1, inner)]) };
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    return { $dict: Object.entries(value).map(([k, v]) => [k, encode(v, depth + 1, inner)]) };
  }
  return { $repr: util.inspect(value).slice(0, REPR_CHARS), $type: value.constructor ? value.constructor.name : 'object' };
}

function decode(data) {
  if (Array.isArray(data)) return data.map(decode);
  if (data !== null && typeof data === 'object') {
    if ('$dict' in data) {
      const pairs = data.$dict.map(([k, v]) => [decode(k), decode(v)]);
      if (pairs.every(([k]) => typeof k === 'string' || typeof k === 'number')) return Object.fromEntries(pairs);
      return new Map(pairs);
    }
    if ('$set' in data) return new Set(data.$set.map(decode));
    if ('$tuple' in data) return data.$tuple.map(decode);
    if ('$float' in data) return { nan: NaN, inf: Infinity, '-inf': -Infinity }[data.$float];
    if ('$int' in data) return BigInt((data.$int.startsWith('-') ? '-0x' + data.$int.slice(1) : '0x' + data.$int));
    return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, decode(v)]));
  }
  return data;
}

function studentLine(err) {
  const stack = err && typeof err.stack === 'string' ? err.stack : '';
  for (const line of stack.split('\n')) {
    const at = line.lastIndexOf(solution + ':');
    if (at >= 0) {
      const found = /^:(\d+)/.exec(line.slice(at + solution.length));
      if (found) return Number(found[1]);
    }
  }
  return null;
}

function failure(err, cpu) {
  if (err instanceof ExitCalled) return { kind: 'exit', message: err.message, line: studentLine(err) };
  if (err && err.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return { kind: 'time', wall: 1 };
  let message;
  if (err instanceof Error) message = `${err.name}: ${err.message}`;
  else message = `Uncaught ${util.inspect(err)}`;
  if (cpu > timeLimit) return { kind: 'time' };
  if (err instanceof RangeError && /allocation failed/i.test(err.message)) return { kind: 'memory' };
  return { kind: 'error', message: message.split('\n')[0].slice(0, REPR_CHARS), line: studentLine(err) };
}

function seconds(start = undefined) {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

function load() {
  const source = fs.readFileSync(solution, 'utf8').replace(/^#!.*/, '');
  const ok = /^[A-Za-z_$][\w$]*$/.test(entry);
  const tail = ok ? `\n;return (typeof ${entry} === 'function') ? ${entry} : undefined;` : '\n;return undefined;';
  const module = { exports: {} };
  const localRequire = Module.createRequire(solution);
  process.exit = (code) => { throw new ExitCalled(`called process.exit(${code === undefined ? '' : code})`); };
  let found;
  try {
    const wrapper = vm.compileFunction(source + tail, ['exports', 'require', 'module', '__filename', '__dirname'], { filename: solution });
    found = wrapper.call(module.exports, module.exports, localRequire, module, solution, path.dirname(solution));
  } catch (err) {
    send({ e: 'load_failed', ...failure(err, 0) });
    return null;
  }
  const exported = module.exports;
  if (exported && typeof exported[entry] === 'function') return exported[entry];
  if (typeof exported === 'function' && exported.name === entry) return exported;
  if (typeof found === 'function') return found;
  const names = Object.keys(exported || {}).filter((k) => typeof exported[k] === 'function');
  send({ e: 'no_entry', names: names.slice(0, 20) });
  return null;
}

async function main() {
  const fn = load();
  if (fn === null) return;
  sendAndWait({ e: 'ready', used: seconds() });
  const call = new vm.Script('globalThis.__tutorCall()');
  for (let i = Number(firstArg); i < cases.length; i++) {
    const args = decode(JSON.parse(cases[i]));
    globalThis.__tutorCall = () => fn(...args);
    const start = process.cpuUsage();
    let report;
    try {
      let value = call.runInThisContext({ timeout: wallMs });
      if (value && typeof value.then === 'function') value = await value;
      const cpu = seconds(start);
      report = cpu > timeLimit ? { ok: 0, kind: 'time', cpu } : { ok: 1, value: encode(value), cpu };
    } catch (err) {
      const cpu = seconds(start);
      report = { ok: 0, ...failure(err, cpu), cpu };
    }
    sendAndWait({ e: 'done', i, ...report, used: seconds() });
  }
  send({ e: 'end' });
  exitNow(0);
}

main().catch((err) => {
  send({ e: 'load_failed', kind: 'error', message: String(err && err.stack || err).split('\n')[0] });
  exitNow(0);
});
