/**
 * The oracle of the robustness tests, run in a worker thread so that a hang or a runaway allocation in
 * the code under test ends in a terminated worker (a test failure with the input) instead of a stuck
 * test run. Plain JavaScript over the built packages (`dist/`): worker threads do not run TypeScript.
 *
 * A job is one call of the public API. The worker checks everything the contract promises and answers
 * with a small result: how the call ended, how long it took, and every broken promise as a "problem".
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { htmlAdapter } from '@xxgk/adapter-html';
import { textAdapter } from '@xxgk/adapter-text';
import { xlsxAdapter } from '@xxgk/adapter-xlsx';
import { AdapterError, DEFAULT_LIMITS, foldWithMap, normalize, parseValue, reportSchema } from '@xxgk/core';

const ADAPTERS = { text: textAdapter, html: htmlAdapter, xlsx: xlsxAdapter };
const ERROR_CODES = new Set([
  'too-large',
  'decompression-limit',
  'too-many-cells',
  'too-deep',
  'unsupported',
  'corrupt',
  'encoding',
  'empty',
]);
const SEVERITIES = new Set(['error', 'warning', 'info']);
const POSITION_NUMBERS = ['line', 'column', 'offset', 'page', 'table', 'row', 'col'];

/* ---------------------------------------------------------------------------------------------- */
/* Prototype pollution and code execution                                                          */
/* ---------------------------------------------------------------------------------------------- */

function prototypeKeys() {
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype, Number.prototype]
    .map((proto) => Reflect.ownKeys(proto).map(String).sort().join(','))
    .join('|');
}

let baselinePrototypes = '';
let baselineGlobals = new Set();

function takeBaseline() {
  baselinePrototypes = prototypeKeys();
  baselineGlobals = new Set(Reflect.ownKeys(globalThis).map(String));
}

/** Anything a crafted input could have planted: prototype keys, globals (a script that ran). */
function pollution() {
  const problems = [];
  if (prototypeKeys() !== baselinePrototypes) problems.push('a built-in prototype gained or lost keys');
  const plain = {};
  if (plain.polluted !== undefined || plain.__xxgkPwned !== undefined)
    problems.push('Object.prototype is polluted');
  if (Object.getPrototypeOf(plain) !== Object.prototype || plain.constructor !== Object)
    problems.push('a plain object no longer has Object.prototype');
  for (const key of Reflect.ownKeys(globalThis).map(String)) {
    if (!baselineGlobals.has(key)) {
      problems.push(`a new global appeared: ${key}`);
      baselineGlobals.add(key);
    }
  }
  if (problems.length > 0) baselinePrototypes = prototypeKeys();
  return problems;
}

/* ---------------------------------------------------------------------------------------------- */
/* The document contract (packages/core/src/document.ts, packages/core/README.md)                  */
/* ---------------------------------------------------------------------------------------------- */

function isPlainRecord(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkPosition(position, where, problems) {
  if (!isPlainRecord(position)) {
    problems.push(`${where}: position is not an object`);
    return;
  }
  for (const key of POSITION_NUMBERS) {
    const value = position[key];
    if (value !== undefined && !(Number.isInteger(value) && value >= 0))
      problems.push(`${where}: position.${key} is ${value}, not a non-negative integer`);
  }
  for (const key of ['sheet', 'cell']) {
    if (position[key] !== undefined && typeof position[key] !== 'string')
      problems.push(`${where}: position.${key} is not a string`);
  }
}

function checkDiagnostics(diagnostics, where, problems) {
  if (!Array.isArray(diagnostics)) {
    problems.push(`${where}: diagnostics is not an array`);
    return;
  }
  diagnostics.forEach((d, i) => {
    if (!isPlainRecord(d) || typeof d.code !== 'string' || typeof d.message !== 'string')
      problems.push(`${where}: diagnostic ${i} lacks a code or message`);
    else if (!SEVERITIES.has(d.severity))
      problems.push(`${where}: diagnostic ${i} has severity ${d.severity}`);
    else if (d.position !== undefined) checkPosition(d.position, `${where}: diagnostic ${i}`, problems);
  });
}

/** Every promise of the document model; returns the grid slots it holds. */
function checkDocument(doc, limits, problems) {
  if (!isPlainRecord(doc)) {
    problems.push('read returned something that is not a document');
    return 0;
  }
  if (!Array.isArray(doc.blocks)) problems.push('document.blocks is not an array');
  if (!isPlainRecord(doc.metadata)) problems.push('document.metadata is not an object');
  else {
    for (const [key, value] of Object.entries(doc.metadata)) {
      if (value !== undefined && typeof value !== 'string') problems.push(`metadata.${key} is not a string`);
    }
  }
  checkDiagnostics(doc.diagnostics, 'document', problems);
  if (typeof doc.mediaType !== 'string' || doc.mediaType === '') problems.push('document.mediaType is empty');
  let slots = 0;
  (doc.blocks ?? []).forEach((block, b) => {
    const where = `block ${b}`;
    if (!isPlainRecord(block)) {
      problems.push(`${where} is not an object`);
      return;
    }
    checkPosition(block.position, where, problems);
    if (block.type === 'heading' || block.type === 'paragraph') {
      if (typeof block.text !== 'string') problems.push(`${where}: text is not a string`);
      if (block.level !== undefined && !(Number.isInteger(block.level) && block.level >= 1))
        problems.push(`${where}: heading level ${block.level}`);
      return;
    }
    if (block.type !== 'table') {
      problems.push(`${where}: unknown block type ${block.type}`);
      return;
    }
    if (block.emptyCells !== 'blank' && block.emptyCells !== 'unreliable')
      problems.push(`${where}: emptyCells is ${block.emptyCells}`);
    if (!Array.isArray(block.rows)) {
      problems.push(`${where}: rows is not an array`);
      return;
    }
    block.rows.forEach((row, r) => {
      if (!Array.isArray(row)) {
        problems.push(`${where} row ${r} is not an array`);
        return;
      }
      slots += row.length;
      row.forEach((cell, c) => {
        const at = `${where} [${r},${c}]`;
        if (!isPlainRecord(cell) || typeof cell.text !== 'string') {
          problems.push(`${at}: cell without text`);
          return;
        }
        checkPosition(cell.position, at, problems);
        for (const span of ['rowSpan', 'colSpan']) {
          if (!(Number.isInteger(cell[span]) && cell[span] >= 1))
            problems.push(`${at}: ${span} is ${cell[span]}`);
        }
        if (cell.spanOf !== undefined) {
          const [or, oc] = Array.isArray(cell.spanOf) ? cell.spanOf : [];
          const owner = block.rows[or]?.[oc];
          if (!Number.isInteger(or) || !Number.isInteger(oc) || or > r || oc > c || (or === r && oc === c))
            problems.push(`${at}: spanOf ${JSON.stringify(cell.spanOf)} does not point up or left`);
          else if (!owner) problems.push(`${at}: spanOf points to a missing slot`);
          else if (owner.spanOf !== undefined) problems.push(`${at}: spanOf points to a covered slot`);
          else if (owner.text !== cell.text)
            problems.push(`${at}: a covered slot does not repeat its owner's text`);
        }
      });
    });
  });
  if (slots > limits.maxCells) problems.push(`${slots} grid slots, over maxCells ${limits.maxCells}`);
  try {
    JSON.stringify(doc);
  } catch (error) {
    problems.push(`the document is not plain data: ${error.message}`);
  }
  return slots;
}

/** The report is what the schema says, and survives JSON (what the CLI writes) unchanged. */
function checkReport(report, problems) {
  const parsed = reportSchema.safeParse(report);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`);
    problems.push(`the report breaks its schema: ${issues.join('; ')}`);
  }
  let json;
  try {
    json = JSON.stringify(report);
  } catch (error) {
    problems.push(`the report cannot be written as JSON: ${error.message}`);
    return;
  }
  if (!isDeepJsonEqual(JSON.parse(json), report))
    problems.push('the report changes through JSON (NaN, Infinity, undefined?)');
}

function isDeepJsonEqual(a, b) {
  if (a === b) return true;
  if (typeof b === 'number') return false;
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((v, i) => isDeepJsonEqual(v, b[i]));
  if (isPlainRecord(a) && isPlainRecord(b)) {
    const keys = Object.keys(b).filter((k) => b[k] !== undefined);
    return keys.length === Object.keys(a).length && keys.every((k) => isDeepJsonEqual(a[k], b[k]));
  }
  return false;
}

/* ---------------------------------------------------------------------------------------------- */
/* Jobs                                                                                            */
/* ---------------------------------------------------------------------------------------------- */

function describeThrown(error) {
  if (error instanceof Error) {
    return {
      name: error.name,
      message: String(error.message).slice(0, 500),
      stack: (error.stack ?? '').split('\n').slice(0, 8).join('\n'),
    };
  }
  return { name: typeof error, message: String(error).slice(0, 500), stack: '' };
}

function heapUsedMb() {
  return Math.round(getHeapStatistics().used_heap_size / (1024 * 1024));
}

function runNormalize(doc, options, result) {
  const started = performance.now();
  let report;
  try {
    report = normalize(doc, options);
  } catch (error) {
    result.outcome = 'threw';
    result.where = 'normalize';
    result.error = describeThrown(error);
    return;
  } finally {
    result.normalizeMs = performance.now() - started;
  }
  checkReport(report, result.problems);
  result.format = report.format;
  result.cells = Object.values(report.cells).filter((c) => c.value !== null).length;
}

async function runRead(job, result) {
  const adapter = ADAPTERS[job.adapter];
  const bytes = job.bytes;
  const limits = { ...DEFAULT_LIMITS, ...job.options?.limits };
  const head = bytes.subarray(0, 4096);
  for (const [name, other] of Object.entries(ADAPTERS)) {
    let score;
    try {
      score = other.sniff(head, { fileName: job.options?.fileName });
    } catch (error) {
      result.problems.push(`${name}.sniff threw ${describeThrown(error).message}`);
      continue;
    }
    if (!(typeof score === 'number' && score >= 0 && score <= 1))
      result.problems.push(`${name}.sniff gave ${score}`);
  }
  const started = performance.now();
  let doc;
  try {
    doc = await adapter.read(bytes, job.options);
  } catch (error) {
    result.readMs = performance.now() - started;
    if (error instanceof AdapterError && ERROR_CODES.has(error.code) && error.message !== '') {
      result.outcome = 'adapter-error';
      result.code = error.code;
      result.message = error.message.slice(0, 300);
    } else {
      result.outcome = 'threw';
      result.where = `${job.adapter}.read`;
      result.error = describeThrown(error);
    }
    return;
  }
  result.readMs = performance.now() - started;
  result.heapAfterReadMb = heapUsedMb();
  result.outcome = 'document';
  result.slots = checkDocument(doc, limits, result.problems);
  result.blocks = Array.isArray(doc?.blocks) ? doc.blocks.length : 0;
  if (result.problems.length > 0 || job.normalize === false) return;
  runNormalize(doc, { path: job.options?.fileName ?? 'input', adapter: adapter.name }, result);
  if (result.outcome === 'threw') return;
  result.outcome = 'report';
}

function runValue(job, result) {
  for (const kind of ['count', 'amount']) {
    const parsed = parseValue(job.text, kind);
    if (parsed === undefined) continue;
    if (!(parsed.value === null || Number.isFinite(parsed.value)))
      result.problems.push(`parseValue gave ${parsed.value}`);
  }
  const folded = foldWithMap(job.text);
  if (folded.map.length !== folded.text.length)
    result.problems.push('foldWithMap: map and text lengths differ');
  for (let i = 1; i < folded.map.length; i++) {
    if (folded.map[i] < folded.map[i - 1] || folded.map[i] >= job.text.length) {
      result.problems.push(`foldWithMap: map[${i}] = ${folded.map[i]} is out of order or range`);
      break;
    }
  }
  result.outcome = 'report';
}

export async function runJob(job) {
  const result = { outcome: 'report', problems: [] };
  const started = performance.now();
  try {
    if (job.kind === 'read') await runRead(job, result);
    else if (job.kind === 'normalize') {
      checkDiagnostics(job.document.diagnostics, 'input document', result.problems);
      runNormalize(job.document, job.options ?? {}, result);
    } else if (job.kind === 'value') runValue(job, result);
    else if (job.kind === 'self-test') {
      // What a crafted input would do if anything ran it: the checks below must notice.
      Object.prototype.polluted = 1;
      globalThis.__xxgkPwned = 1;
      const position = { line: 0.5 };
      runNormalize(
        {
          blocks: [{ type: 'heading', text: '一、总体情况', position }],
          metadata: {},
          diagnostics: [],
          mediaType: 'x',
        },
        {},
        result,
      );
    } else throw new Error(`unknown job ${job.kind}`);
  } catch (error) {
    result.outcome = 'threw';
    result.where = result.where ?? 'oracle';
    result.error = describeThrown(error);
  }
  result.ms = performance.now() - started;
  result.heapMb = heapUsedMb();
  result.problems.push(...pollution());
  if (job.kind === 'self-test') {
    delete Object.prototype.polluted;
    delete globalThis.__xxgkPwned;
    baselinePrototypes = prototypeKeys();
    baselineGlobals.delete('__xxgkPwned');
  }
  return result;
}

/** Warm every adapter once, so that lazy initialisation neither counts as pollution nor as time. */
async function warmUp() {
  const samples = {
    text: new TextEncoder().encode('一、总体情况\n规章 | 1 | 2\n'),
    html: new TextEncoder().encode(
      '<html><body><p>一、总体情况</p><table><tr><td>1</td><td>2</td></tr></table></body></html>',
    ),
    xlsx: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]),
  };
  for (const [name, adapter] of Object.entries(ADAPTERS)) {
    try {
      normalize(await adapter.read(samples[name]));
    } catch {
      // the xlsx sample is refused; loading the module was the point
    }
  }
  runValue({ text: '１２３' }, { problems: [] });
}

if (parentPort) {
  await warmUp();
  takeBaseline();
  parentPort.on('message', async (job) => {
    parentPort.postMessage(await runJob(job));
  });
  parentPort.postMessage({ ready: true });
}
