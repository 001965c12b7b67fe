import { describe, expect, it } from 'vitest';
import { isValueText, parseValue } from './numbers.js';

describe('parseValue', () => {
  it('reads plain, full-width, signed and grouped numbers as printed', () => {
    expect(parseValue('0')).toEqual({ value: 0, status: 'ok' });
    expect(parseValue('713')).toEqual({ value: 713, status: 'ok' });
    expect(parseValue('７１３')).toEqual({ value: 713, status: 'ok' });
    expect(parseValue('1,234')).toEqual({ value: 1234, status: 'ok' });
    expect(parseValue('1，234')).toEqual({ value: 1234, status: 'ok' });
    expect(parseValue('－3')).toEqual({ value: -3, status: 'ok' });
    expect(parseValue('＋3')).toEqual({ value: 3, status: 'ok' });
    expect(parseValue('0．5', 'amount')).toEqual({ value: 0.5, status: 'ok' });
  });

  it('drops spaces of every kind, however many pad the value', () => {
    expect(parseValue(' 1 2 ')).toEqual({ value: 12, status: 'ok' });
    expect(parseValue(`${'\u3000'.repeat(60)}42${' '.repeat(60)}`)).toEqual({ value: 42, status: 'ok' });
    expect(parseValue('\u00a0\t\r\n')).toEqual({ value: null, status: 'blank' });
    expect(parseValue('')).toEqual({ value: null, status: 'blank' });
  });

  it('strips a unit, and converts 元 to 万元 only for amounts', () => {
    expect(parseValue('12件')).toEqual({ value: 12, status: 'unit', unit: '件' });
    expect(parseValue('3940元', 'amount')).toEqual({ value: 0.394, status: 'unit', unit: '元' });
    expect(parseValue('3940元')).toEqual({ value: 3940, status: 'unit', unit: '元' });
    expect(parseValue('1.2万元', 'amount')).toEqual({ value: 1.2, status: 'unit', unit: '万元' });
  });

  it('reads placeholders as no value', () => {
    for (const text of ['/', '-', '－', '——', '无', '不涉及', 'N/A', '／']) {
      expect(parseValue(text), text).toEqual({ value: null, status: 'placeholder' });
    }
  });

  it('refuses labels, sentences and malformed numbers', () => {
    expect(parseValue('本年新收政府信息公开申请数量')).toBeUndefined();
    expect(parseValue('1,23')).toBeUndefined();
    expect(parseValue('12a')).toBeUndefined();
    expect(parseValue('9'.repeat(41))).toBeUndefined();
    // A paragraph that opens with digits is not a value, however long.
    expect(parseValue(`2021年，本机关${'认真贯彻落实条例'.repeat(5000)}`)).toBeUndefined();
    expect(parseValue(`1${' 2'.repeat(45)}`)).toBeUndefined();
  });
});

describe('isValueText', () => {
  it('is true for numbers, units and placeholders, false for blanks and labels', () => {
    expect(isValueText('3')).toBe(true);
    expect(isValueText('3件')).toBe(true);
    expect(isValueText('/')).toBe(true);
    expect(isValueText(' ')).toBe(false);
    expect(isValueText('总计')).toBe(false);
  });
});
