import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { duplicateKeyPath } from '../src/lib/json.js';

describe('duplicateKeyPath', () => {
  it('finds no duplicate in any JSON that JSON.stringify writes, whitespace or not', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        expect(duplicateKeyPath(JSON.stringify(value, null, pretty ? 2 : undefined))).toBeNull();
      }),
      { numRuns: 500 },
    );
  });

  it('names the path of a key repeated in one object, however deep', () => {
    expect(duplicateKeyPath('{"a":1,"a":2}')).toBe('a');
    expect(duplicateKeyPath('{"a":{"b":[1,{"c":"x","d":{}, "c" : "y"}]}}')).toBe('a.b.1.c');
    // The same key spelt with an escape is the same key.
    expect(duplicateKeyPath('{"headcount":3,"head\\u0063ount":300}')).toBe('headcount');
    // Quotes, braces and commas inside strings are text, not structure.
    expect(duplicateKeyPath('{"a":"\\",\\"a\\":{","b":["a","a"]}')).toBeNull();
  });

  it('does not count equal keys of different objects, or equal strings in an array', () => {
    expect(duplicateKeyPath('[{"a":1},{"a":2}]')).toBeNull();
    expect(duplicateKeyPath('{"a":{"a":{"a":1}},"b":{"a":2}}')).toBeNull();
    expect(duplicateKeyPath('{"a":["a","a"],"b":"a"}')).toBeNull();
  });

  it('finds a key repeated in a JSON object generated at random', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue(), { minKeys: 1 }),
        fc.jsonValue(),
        (object, value) => {
          const [key] = Object.keys(object) as [string];
          const text = JSON.stringify(object);
          const repeated = `${text.slice(0, -1)},${JSON.stringify(key)}:${JSON.stringify(value)}}`;
          expect(duplicateKeyPath(repeated)).toBe(key);
        },
      ),
      { numRuns: 500 },
    );
  });
});
