export { isPageMark, splitAligned, splitPipeRow } from './lines.js';
export { readText, textAdapter } from './read.js';
