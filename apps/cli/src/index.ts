export type { AdapterSet, Choice, LoadedAdapter, UnavailableAdapter } from './adapters.js';
export { chooseAdapter, loadAdapters, resolveAdapterModule, skipReason } from './adapters.js';
export type { InputStatus } from './csv.js';
export {
  BOM,
  CELL_COLUMNS,
  CELLS_HEADER,
  csvField,
  csvRow,
  EOL,
  FINDINGS_HEADER,
  REPORTS_HEADER,
  reportRows,
} from './csv.js';
export { assignIds, baseId } from './ids.js';
export type { NormalizeOptions, NormalizeRun, Problem, Summary } from './normalize-command.js';
export { describeSummary, FatalError, runNormalize } from './normalize-command.js';
export type { SingleResult } from './single.js';
export { readSingle } from './single.js';
export { VERSION } from './version.js';
export type { Input } from './walk.js';
export { collectInputs } from './walk.js';
