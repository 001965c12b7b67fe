export { readText, textAdapter } from './read.js';
export { isPageMark, splitAligned, splitPipeRow } from './lines.js';
