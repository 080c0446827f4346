import fc from 'fast-check';
import { UnsupportedPatternError, matchesPattern, wildcardToRegExp } from '../helpers/event-matcher';

describe('event matcher (test helper for EventBridge patterns)', () => {
  describe('exact values', () => {
    it.each([
      [{ a: ['x'] }, { a: 'x' }, true],
      [{ a: ['x', 'y'] }, { a: 'y' }, true],
      [{ a: ['x'] }, { a: 'X' }, false], // case-sensitive
      [{ a: [5] }, { a: 5 }, true],
      [{ a: [5] }, { a: '5' }, false], // by type
      [{ a: [true] }, { a: true }, true],
      [{ a: [null] }, { a: null }, true],
      [{ a: ['x'] }, { b: 'x' }, false], // missing field
      [{ a: ['x'] }, { a: { x: 1 } }, false], // object is not a leaf value
      [{ a: ['x'] }, { a: 'x', b: 'ignored' }, true], // fields the pattern does not name are ignored
      [{ a: ['x'], b: ['y'] }, { a: 'x', b: 'z' }, false], // every field must match
    ])('%j against %j → %s', (pattern, event, expected) => {
      expect(matchesPattern(pattern, event)).toBe(expected);
    });
  });

  describe('prefix and wildcard', () => {
    it.each([
      [{ prefix: 'Cannot' }, 'CannotPullContainerError: x', true],
      [{ prefix: 'Cannot' }, 'cannot', false],
      [{ prefix: 'Cannot' }, 'Can', false],
      [{ wildcard: '*Pull*' }, 'CannotPullContainerError', true],
      [{ wildcard: '*Pull*' }, 'Pull', true],
      [{ wildcard: '*Pull*' }, 'pull', false],
      [{ wildcard: 'a*c' }, 'abbbc', true],
      [{ wildcard: 'a*c' }, 'abcd', false], // anchored at both ends
      [{ wildcard: 'a\\*c' }, 'a*c', true], // escaped star is literal
      [{ wildcard: 'a\\*c' }, 'abc', false],
      [{ wildcard: 'a.c' }, 'abc', false], // regex characters are literal
      [{ wildcard: '*x*' }, 'line1\nx', true], // * spans newlines
    ])('%j against %j → %s', (matcher, value, expected) => {
      expect(matchesPattern({ f: [matcher] }, { f: value })).toBe(expected);
    });

    it('applies prefix and wildcard to strings only', () => {
      expect(matchesPattern({ f: [{ prefix: '1' }] }, { f: 12 })).toBe(false);
      expect(matchesPattern({ f: [{ wildcard: '*' }] }, { f: 12 })).toBe(false);
    });
  });

  describe('arrays, nesting and $or', () => {
    it('matches an array value when any element matches', () => {
      expect(matchesPattern({ f: ['b'] }, { f: ['a', 'b'] })).toBe(true);
      expect(matchesPattern({ f: ['c'] }, { f: ['a', 'b'] })).toBe(false);
    });

    it('matches nested objects and arrays of objects when any element matches', () => {
      const pattern = { detail: { containers: { reason: [{ prefix: 'Cannot' }] } } };
      expect(matchesPattern(pattern, { detail: { containers: [{ name: 'a' }, { reason: 'CannotPull' }] } })).toBe(true);
      expect(matchesPattern(pattern, { detail: { containers: [{ reason: 'ok' }, { name: 'b' }] } })).toBe(false);
      expect(matchesPattern(pattern, { detail: { containers: { reason: 'CannotPull' } } })).toBe(true);
      expect(matchesPattern(pattern, { detail: { containers: [] } })).toBe(false);
    });

    it('requires one $or branch and every sibling field', () => {
      const pattern = { s: ['STOPPED'], $or: [{ a: ['1'] }, { b: ['2'] }] };
      expect(matchesPattern(pattern, { s: 'STOPPED', a: '1' })).toBe(true);
      expect(matchesPattern(pattern, { s: 'STOPPED', b: '2' })).toBe(true);
      expect(matchesPattern(pattern, { s: 'STOPPED', a: '2', b: '1' })).toBe(false);
      expect(matchesPattern(pattern, { s: 'RUNNING', a: '1' })).toBe(false); // sibling of $or still applies
    });

    it('does not match what is not an object', () => {
      expect(matchesPattern({ a: ['x'] }, 'x')).toBe(false);
      expect(matchesPattern({ a: ['x'] }, null)).toBe(false);
    });
  });

  describe('fails closed on what it does not implement', () => {
    it.each([
      [{ f: [{ 'anything-but': 'x' }] }],
      [{ f: [{ exists: true }] }],
      [{ f: [{ numeric: ['>', 1] }] }],
      [{ f: [{ prefix: 'a', suffix: 'b' }] }],
      [{ f: [] }],
      [{ f: 'x' }],
      [{ $or: [{ f: ['x'] }] }],
      [{ f: [{ wildcard: 'a\\b' }] }],
    ])('throws for %j', (pattern) => {
      expect(() => matchesPattern(pattern, { f: 'x' })).toThrow(UnsupportedPatternError);
    });
  });

  describe('properties', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 20 });

    it('an exact value matches itself and only itself', () => {
      fc.assert(
        fc.property(text, text, (a, b) => {
          expect(matchesPattern({ f: [a] }, { f: b })).toBe(a === b);
        }),
      );
    });

    it('prefix matches exactly the strings that start with it', () => {
      fc.assert(
        fc.property(text, text, (p, s) => {
          expect(matchesPattern({ f: [{ prefix: p }] }, { f: p + s })).toBe(true);
          expect(matchesPattern({ f: [{ prefix: p }] }, { f: s })).toBe(s.startsWith(p));
        }),
      );
    });

    it('"*x*" matches exactly the strings that contain x (x without * or \\)', () => {
      const needle = text.filter((x) => !/[*\\]/.test(x));
      fc.assert(
        fc.property(needle, text, text, (x, before, after) => {
          expect(wildcardToRegExp(`*${x}*`).test(before + x + after)).toBe(true);
          expect(matchesPattern({ f: [{ wildcard: `*${x}*` }] }, { f: before })).toBe(before.includes(x));
        }),
      );
    });

    it('$or is the disjunction of its branches, and an array value the disjunction of its elements', () => {
      const value = fc.constantFrom('a', 'b', 'c');
      fc.assert(
        fc.property(value, value, fc.array(value, { maxLength: 4 }), (p1, p2, values) => {
          const event = { f: values };
          const either = matchesPattern({ $or: [{ f: [p1] }, { f: [p2] }] }, event);
          expect(either).toBe(matchesPattern({ f: [p1] }, event) || matchesPattern({ f: [p2] }, event));
          expect(matchesPattern({ f: [p1] }, event)).toBe(values.some((v) => matchesPattern({ f: [p1] }, { f: v })));
        }),
      );
    });
  });
});
