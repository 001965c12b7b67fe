/**
 * Excel renderings, through the adapter's own fixture generator (`writeReportWorkbook`): the synthetic
 * report is handed over in its gold shape, a cell printed with a unit as its text (`12件`), a blank as
 * null. The generator writes a 2019 procurement amount in 元 with its unit, as the source printed it.
 */
import {
  type Gold,
  type WorkbookBookType,
  type WorkbookLayout,
  writeReportWorkbook,
} from '../../packages/adapter-xlsx/test/generate.js';
import type { SyntheticReport } from './report.js';

export function workbookGold(report: SyntheticReport): Gold {
  const cells: Gold['cells'] = {};
  for (const [key, value] of Object.entries(report.cells))
    cells[key] = report.statuses[key] === 'unit' ? report.printed[key]! : value;
  return { agency: report.agency, year: report.year, format: report.format, cells };
}

export function renderWorkbook(
  report: SyntheticReport,
  layout: WorkbookLayout,
  bookType: WorkbookBookType,
): Uint8Array {
  if (report.missingTables.length > 0) throw new Error('a workbook always holds the three tables');
  return writeReportWorkbook(workbookGold(report), layout, bookType);
}

/** Statuses a workbook rendering gives beyond the report's own: the procurement amount in 元. */
export function workbookStatuses(report: SyntheticReport): Record<string, 'unit'> {
  const amount = report.cells['T2.procurement.amount'];
  return amount !== undefined && amount !== null && report.statuses['T2.procurement.amount'] === undefined
    ? { 'T2.procurement.amount': 'unit' }
    : {};
}
