export { htmlAdapter, sniffHtml } from './adapter.js';
export { declaredCharset } from './charset.js';
export { readHtml } from './read.js';
