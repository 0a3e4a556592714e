import { describe, expect, it } from 'vitest';
import { toCelValue } from './cel-values.js';

describe('toCelValue', () => {
  it('makes whole numbers ints and keeps __proto__ and constructor as own data members', () => {
    const v = toCelValue(JSON.parse('{"__proto__":{"x":1},"constructor":2,"n":[1.5,3]}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(['__proto__', 'constructor', 'n']);
    expect(Object.getOwnPropertyDescriptor(v, '__proto__')?.value).toEqual({ x: 1n });
    expect(v.constructor).toBe(2n);
    expect(v.n).toEqual([1.5, 3n]);
  });
});
