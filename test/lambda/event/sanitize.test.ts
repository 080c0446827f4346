/** The one sanitizer for untrusted text (issue 14): cleanText, capText, defangUrls, and safeText built on them. */
import fc from 'fast-check';
import { capText, cleanText, defangUrls, hasControlOrFormat } from '../../../lambda/domain/sanitize';
import { safeText } from '../../../lambda/domain/redact';

const CC_CF = /[\p{Cc}\p{Cf}]/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Characters an attacker reaches for, plus line breaks, surrogates (lone and paired) and a Cf tag character. */
const NASTY = [
  '\u0000',
  '\u0007',
  '\u001B',
  '\u007F',
  '\u0085',
  '\u009B',
  '\u00AD',
  '\u061C',
  '\u180E',
  '\u200B',
  '\u200C',
  '\u200D',
  '\u200E',
  '\u200F',
  '\u202A',
  '\u202B',
  '\u202C',
  '\u202D',
  '\u202E',
  '\u2060',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\uFEFF',
  '\uFFF9',
  '\r',
  '\n',
  '\t',
  '\v',
  '\f',
  '\r\n',
  '\u2028',
  '\u2029',
  '\uD800',
  '\uDFFF',
  '\uD83D\uDE00',
  '\uDB40\uDC01',
];
/** Strings mixing those with any UTF-16 code unit and URL-ish ASCII. */
const hostileString = fc
  .array(
    fc.oneof(
      fc.constantFrom(...NASTY),
      fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
      fc.constantFrom('a', 'Z', ' ', 'h', 't', 'p', 's', ':', '/', '.', 'w', '@', '<', '!', '…'),
    ),
    { maxLength: 200 },
  )
  .map((parts) => parts.join(''));

describe('cleanText', () => {
  it.each([
    ['NUL', 'a\u0000b', 'ab'],
    ['ESC (an ANSI colour)', 'a\u001B[31mb', 'a[31mb'],
    ['a right-to-left override', 'invoice\u202Egnp.exe', 'invoicegnp.exe'],
    ['bidi isolates', '\u2066a\u2067b\u2068c\u2069', 'abc'],
    ['zero-width space, joiner, non-joiner, marks', 'a\u200Bb\u200Cc\u200Dd\u200Ee\u200Ff', 'abcdef'],
    ['word joiner and BOM', '\uFEFFa\u2060b', 'ab'],
    ['a soft hyphen', 'pass\u00ADword', 'password'],
    ['a tag character (Cf outside the BMP)', 'a\uDB40\uDC01b', 'ab'],
    ['C1 controls', 'a\u0085b\u009Bc', 'a bc'],
  ])('removes %s', (_what, input, out) => {
    expect(cleanText(input)).toBe(out);
  });

  it('says a stop reason on one line: each run of CR, LF, tab and Unicode line separators becomes one space', () => {
    expect(cleanText('CannotPullContainerError:\r\n\tpull failed\u2028twice\u2029')).toBe(
      'CannotPullContainerError: pull failed twice ',
    );
  });

  it('keeps line feeds in multi-line text (documents, commands), other breaks becoming "\\n" and tabs spaces', () => {
    expect(cleanText('{\r\n\t"a": 1\r}\u2028x', { multiline: true })).toBe('{\n "a": 1\n}\nx');
  });

  it('replaces lone surrogates and keeps pairs', () => {
    expect(cleanText('a\uD800b\uDC00c\uD83D\uDE00')).toBe('a\uFFFDb\uFFFDc\uD83D\uDE00');
  });

  it('caps at max characters, the marker included, and says how much was cut', () => {
    const name = 'n'.repeat(16 * 1024);

    const out = cleanText(name, { max: 256 });

    expect(out.length).toBeLessThanOrEqual(256);
    const kept = out.indexOf('…');
    expect(out).toBe(`${'n'.repeat(kept)}… (${16 * 1024 - kept} more characters)`);
  });

  it('counts what lies past the bounded prefix of a huge input as cut', () => {
    const out = cleanText(`${'\u200B'.repeat(100_000)}visible`, { max: 50 });
    expect(out).toMatch(/^… \(\d+ more characters\)$/);
    expect(out.length).toBeLessThanOrEqual(50);
  });

  it('does not split a surrogate pair at the cut', () => {
    const out = cleanText('😀'.repeat(300), { max: 100 });
    expect(out).not.toMatch(LONE_SURROGATE);
    expect(out.length).toBeLessThanOrEqual(100);
  });

  const throwing = {
    toString(): string {
      throw new Error('boom');
    },
  };
  it.each<[unknown]>([[undefined], [null], [{}], [[]], [Symbol('s')], [throwing]])(
    'never throws and says nothing for a non-string (%p)',
    (value) => {
      expect(() => cleanText(value)).not.toThrow();
      expect(cleanText(value)).toBe('');
    },
  );

  it('never leaves a Cc or Cf character or a lone surrogate, never exceeds the cap, and is idempotent (property)', () => {
    fc.assert(
      fc.property(hostileString, fc.integer({ min: 1, max: 300 }), fc.boolean(), (s, max, multiline) => {
        const out = cleanText(s, { max, multiline });
        const controls = multiline ? out.replace(/\n/g, '') : out;
        return (
          !CC_CF.test(controls) &&
          !LONE_SURROGATE.test(out) &&
          out.length <= max &&
          cleanText(out, { max, multiline }) === out &&
          !hasControlOrFormat(out, { multiline })
        );
      }),
      { numRuns: 2_000 },
    );
  });

  it('never throws on any value (property)', () => {
    fc.assert(
      fc.property(
        fc.anything(),
        fc.option(fc.integer({ min: -5, max: 500 }), { nil: undefined }),
        (v, max) => typeof cleanText(v, max === undefined ? {} : { max }) === 'string',
      ),
      { numRuns: 1_000 },
    );
  });

  it('keeps printable text that needs no cut as it is (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme-ascii', maxLength: 200 }).filter((s) => !/[\x00-\x1F\x7F]/.test(s)),
        (s) => cleanText(s, { max: 200 }) === s,
      ),
    );
  });
});

describe('capText', () => {
  it('keeps text within the cap and cuts longer text to exactly fit', () => {
    expect(capText('abc', 3)).toBe('abc');
    expect(capText('a'.repeat(100), 30)).toBe(`${'a'.repeat(8)}… (92 more characters)`);
    expect(capText('a'.repeat(100), 30)).toHaveLength(30);
  });

  it('falls back to an ellipsis when the cap is shorter than the marker', () => {
    expect(capText('abcdef', 4)).toBe('abc…');
    expect(capText('abcdef', 0)).toBe('');
  });
});

describe('defangUrls', () => {
  it.each([
    ['https://evil.example/a', 'https[:]//evil[.]example/a'],
    ['[click](https://evil.example/x)', '[click](https[:]//evil[.]example/x)'],
    [
      'Get "https://1234.dkr.ecr.us-east-1.amazonaws.com/v2/": timeout',
      'Get "https[:]//1234[.]dkr[.]ecr[.]us-east-1[.]amazonaws[.]com/v2/": timeout',
    ],
    ['ftp://a.b and file:///etc/passwd', 'ftp[:]//a[.]b and file[:]///etc/passwd'],
    ['visit www.evil.example/x.html', 'visit www[.]evil[.]example/x[.]html'],
    ['a://b://c', 'a[:]//b[:]//c'],
  ])('makes %s non-clickable', (input, out) => {
    expect(defangUrls(input)).toBe(out);
  });

  it('leaves image references and ids as they are', () => {
    const text =
      'pull access denied for 123456789012.dkr.ecr.eu-west-1.amazonaws.com/reports:1.8.0 role arn:aws:iam::123456789012:role/exec';
    expect(defangUrls(text)).toBe(text);
  });

  it('is idempotent and leaves no "://" (property)', () => {
    fc.assert(
      fc.property(hostileString, (s) => {
        const once = defangUrls(s);
        return defangUrls(once) === once && !/[A-Za-z]:\/\//.test(once);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('safeText (clean, redact, cap)', () => {
  it('cleans before redacting: a zero-width character does not hide a credential', () => {
    expect(safeText('failed: pass\u200Bword=hunter2secret')).toBe('failed: password=***');
  });

  it('never leaves a Cc or Cf character, stays within the cap and never throws (property)', () => {
    fc.assert(
      fc.property(hostileString, fc.integer({ min: 1, max: 300 }), (s, max) => {
        const out = safeText(s, max);
        return !CC_CF.test(out) && !LONE_SURROGATE.test(out) && out.length <= max;
      }),
      { numRuns: 2_000 },
    );
  });

  it('caps a 16 KB text with a credential cut in half at the boundary, and still redacts it', () => {
    const out = safeText(`${'x '.repeat(240)}password=${'s'.repeat(16 * 1024)}`, 500);
    expect(out.length).toBeLessThanOrEqual(500);
    expect(out).not.toMatch(/password=s/);
  });
});
