import { columnLabel, formatNumber, identityFindings, rowLabel } from './cells.js';
import type { Rule } from './types.js';

/** 一 + 二 = 三（七） + 四, per T3 column: the one identity the template prints. */
export const t3Balance: Rule = {
  id: 't3-balance',
  severity: 'error',
  description:
    'Per T3 column: 本年新收 + 上年结转 = （七）总计 + 结转下年度 (the 勾稽关系 printed in the template).',
  check({ report }) {
    return identityFindings(report, 't3-balance', 'error', (id, { expected, actual }, read) => {
      const [newReceivedKey, carriedOverKey] = id.plus;
      const [carriedForwardKey] = id.minus;
      const newReceived = read(newReceivedKey!)!;
      const carriedOver = read(carriedOverKey!)!;
      const carriedForward = read(carriedForwardKey!)!;
      const n = formatNumber;
      return (
        `${columnLabel('T3', id.column!)} 列不平衡：` +
        `${rowLabel('T3', 'newReceived')} ${n(newReceived)} + ${rowLabel('T3', 'carriedOver')} ${n(carriedOver)} = ${n(newReceived + carriedOver)}，` +
        `而 ${rowLabel('T3', 'total')} ${n(actual)} + ${rowLabel('T3', 'carriedForward')} ${n(carriedForward)} = ${n(actual + carriedForward)}` +
        `（第一项加第二项之和应等于第三项加第四项之和；按此 ${rowLabel('T3', 'total')} 应为 ${n(expected)}）`
      );
    });
  },
};
