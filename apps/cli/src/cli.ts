import { availableParallelism } from 'node:os';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { AdapterSet } from './adapters.js';
import type { SingleResult } from './single.js';
import { VERSION } from './version.js';

// The commands load core, zod and the adapters; --help and --version should not wait for them.
const commands = () => import('./commands.js');

/** Errors that mean "the user asked for something impossible": a message and exit code 2, no stack. */
const USER_ERRORS = new Set(['FatalError', 'InputError', 'AdapterModuleError']);

/** Exit codes: 0 every input read, 1 some input not read, 2 usage error or fatal problem. */
const USAGE = 2;

function parseJobs(value: string): number {
  const jobs = Number(value);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 256)
    throw new InvalidArgumentError('expected a whole number from 1 to 256');
  return jobs;
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new InvalidArgumentError('expected a number of seconds above 0');
  }
  return seconds;
}

const collect = (value: string, previous: string[]) => [...previous, value];

const adapterOption = () =>
  new Option('--adapter <module>', 'load a third-party adapter (package name or path); repeatable; wins ties')
    .argParser(collect)
    .default([]);

async function adaptersFrom(modules: string[]): Promise<AdapterSet> {
  const { loadAdapters, resolveAdapterModule } = await commands();
  return loadAdapters(modules.map((spec) => resolveAdapterModule(spec)));
}

function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

function checkJson(result: SingleResult, labelOf: (key: string) => string) {
  const report = result.report;
  return {
    file: result.file,
    kind: result.kind,
    status: result.status,
    ...(result.reason ? { reason: result.reason } : {}),
    adapter: result.adapter ?? report?.source.adapter ?? null,
    agency: report?.agency ?? null,
    year: report?.year ?? null,
    format: report?.format ?? null,
    previous: result.previous ?? null,
    findings: (report?.findings ?? []).map((finding) => ({
      ...finding,
      cells: finding.keys.map((key) => ({
        key,
        label: labelOf(key),
        value: report!.cells[key]?.value ?? null,
      })),
    })),
    diagnostics: report?.source.diagnostics ?? [],
  };
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('xxgk')
    .description(
      'Turn 政府信息公开工作年度报告 (government information disclosure annual reports) into checked data.',
    )
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      '\nExit codes: 0 every input read · 1 some inputs failed or were skipped · 2 usage error or fatal problem',
    );

  program
    .command('normalize')
    .description('read every report under the folders or files, normalize and check them, write the dataset')
    .argument('<inputs...>', 'folders (walked recursively) or files')
    .requiredOption(
      '-o, --out <dir>',
      'output folder (reports/, reports.csv, cells.csv, findings.csv, summary.json)',
    )
    .option('-j, --jobs <n>', 'worker threads (1 = in this process)', parseJobs, availableParallelism())
    .option(
      '--previous <dir>',
      "last year's output folder: its reports feed the carryover rule, matched by agency",
    )
    .option(
      '--timeout <seconds>',
      'fail an input still being read after this long (worker threads only)',
      parseSeconds,
      120,
    )
    .option('--force', 'read every input again, ignoring the cache')
    .option('--no-progress', 'no progress bar or progress lines on stderr')
    .option('--json', 'print summary.json on stdout')
    .addOption(adapterOption())
    .addHelpText(
      'after',
      '\nExamples:\n  xxgk normalize reports/2023 --out out/2023\n  xxgk normalize reports/2024 --out out/2024 --previous out/2023 --json > summary.json',
    )
    .action(async (inputs: string[], options, command: Command) => {
      const jobs = { jobs: options.jobs, jobsExplicit: command.getOptionValueSource('jobs') !== 'default' };
      // Decided before the adapters load: the process that hands the batch on only waits.
      const { handOff } = await import('./relaunch.js');
      const handedOff = await handOff(inputs, options.out, jobs);
      if (handedOff !== null) {
        process.exitCode = handedOff;
        return;
      }
      // Not through commands.js: `check` and `inspect` load core and the adapters in this thread.
      const { describeSummary, runNormalize } = await import('./normalize-command.js');
      const run = await runNormalize(inputs, {
        out: options.out,
        ...jobs,
        timeout: options.timeout,
        previous: options.previous,
        force: options.force === true,
        progress: options.progress,
        adapterModules: options.adapter,
      });
      process.stderr.write(describeSummary(run.summary));
      if (options.json) printJson(run.summary);
      process.exitCode = run.exitCode;
    });

  program
    .command('check')
    .description(
      'check one report (an input file, or a reports/<id>.json) and print its findings and diagnostics',
    )
    .argument('<file>', 'an input file or a normalized report JSON')
    .option('--previous <path>', "last year's report JSON or output folder, for the carryover rule")
    .option('--json', 'machine-readable output')
    .addOption(adapterOption())
    .action(async (file: string, options) => {
      const { labelOf, readSingle, renderCheck } = await commands();
      const set = await adaptersFrom(options.adapter);
      const result = await readSingle(set, file, options.previous ? { previous: options.previous } : {});
      if (options.json) printJson(checkJson(result, labelOf));
      else process.stdout.write(renderCheck(result));
      process.exitCode = result.status === 'read' ? 0 : 1;
    });

  program
    .command('inspect')
    .description('show what the adapter read (blocks, table grids) and each normalized cell with its source')
    .argument('<file>', 'an input file')
    .option('--full', 'do not abbreviate paragraphs and table cells')
    .option('--json', 'the document and the report as JSON')
    .addOption(adapterOption())
    .action(async (file: string, options) => {
      const { readSingle, renderInspect } = await commands();
      const set = await adaptersFrom(options.adapter);
      const result = await readSingle(set, file);
      if (options.json) {
        printJson({
          file: result.file,
          status: result.status,
          ...(result.reason ? { reason: result.reason } : {}),
          adapter: result.adapter ?? null,
          bytes: result.bytes ?? null,
          sha256: result.sha256 ?? null,
          document: result.document ?? null,
          report: result.report ?? null,
        });
      } else {
        process.stdout.write(renderInspect(result, { full: options.full === true }));
      }
      process.exitCode = result.status === 'read' ? 0 : 1;
    });

  program
    .command('adapters')
    .description('list the adapters loaded and the extensions they claim')
    .option('--json', 'machine-readable output')
    .addOption(adapterOption())
    .action(async (options) => {
      const { alignColumns } = await commands();
      const set = await adaptersFrom(options.adapter);
      const adapters = set.adapters.map((loaded) => ({
        name: loaded.adapter.name,
        extensions: [...loaded.adapter.extensions],
        mediaTypes: [...loaded.adapter.mediaTypes],
        origin: loaded.origin,
        version: loaded.version,
        external: loaded.external,
      }));
      if (options.json) {
        printJson({ adapters, unavailable: set.unavailable });
        return;
      }
      const rows = adapters.map((a) => [
        a.name,
        a.extensions.map((e) => `.${e}`).join(' '),
        `${a.origin}${a.version ? `@${a.version}` : ''}${a.external ? ' (--adapter)' : ''}`,
      ]);
      for (const line of alignColumns(rows)) process.stdout.write(`${line}\n`);
      for (const missing of set.unavailable)
        process.stdout.write(`unavailable: ${missing.origin} (${missing.reason})\n`);
    });

  return program;
}

// `xxgk inspect file | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  throw error;
});

export async function main(argv: string[] = process.argv): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; anything else commander rejects is a usage error.
      return error.exitCode === 0 ? 0 : USAGE;
    }
    if (error instanceof Error && USER_ERRORS.has(error.name)) {
      process.stderr.write(`xxgk: ${error.message}\n`);
      return USAGE;
    }
    process.stderr.write(
      `xxgk: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return USAGE;
  }
}

process.exitCode = await main();
