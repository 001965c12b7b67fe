// Everything the commands need, loaded on first use by cli.ts.
export { loadAdapters, resolveAdapterModule } from './adapters.js';
export { alignColumns } from './display.js';
export { describeSummary, runNormalize } from './normalize-command.js';
export { labelOf, renderCheck, renderInspect } from './report-text.js';
export { readSingle } from './single.js';
