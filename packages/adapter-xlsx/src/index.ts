export { type CodepageTables, useCodepageTables } from './codepages.js';
export { MEDIA_TYPE_XLSM, MEDIA_TYPE_XLSX } from './ooxml.js';
export { asBuffer, MEDIA_TYPE_XLS, readXlsx, SHEETJS_READ_OPTIONS, xlsxAdapter } from './read.js';
export { sniffXlsx } from './sniff.js';
