export { MEDIA_TYPE_XLSM, MEDIA_TYPE_XLSX } from './ooxml.js';
export { MEDIA_TYPE_XLS, readXlsx, xlsxAdapter } from './read.js';
export { sniffXlsx } from './sniff.js';
