/** escape.ts: a value from the event or the account, made harmless for plain text and for chat markdown. */
import fc from 'fast-check';
import { chatCode, chatCodeBlock, chatValue, plainBlock, plainValue } from '../../../lambda/notify/escape';

const CC_CF = /[\p{Cc}\p{Cf}]/u;
const attackerText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '<!channel>',
        '<@U12345>',
        '<#C123>',
        '@here',
        '@channel',
        '@everyone',
        '[click](https://evil.example/x)',
        '**bold**',
        '_em_',
        '~s~',
        '`c`',
        '```',
        '<https://e.example|x>',
        'https://evil.example/a',
        'www.evil.example',
        '\u202E',
        '\u0000',
        '\u200B',
        '\n',
        '\uD800',
        ' ',
      ),
      fc.string({ maxLength: 8 }),
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

describe('plain text (e-mail, terminal)', () => {
  it('cleans, redacts, defangs URLs and caps a value', () => {
    expect(plainValue('pull https://deploy:hunter2@evil.example/v2/\u202E\r\nnext')).toBe(
      'pull https[:]//***:***@evil[.]example/v2/ next',
    );
    expect(plainValue('x'.repeat(5_000), 256)).toMatch(/^x+… \(\d+ more characters\)$/);
    expect(plainValue('x'.repeat(5_000), 256).length).toBeLessThanOrEqual(256);
  });

  it('keeps the lines of a block (a command, a document)', () => {
    expect(plainBlock('aws ecs describe-tasks \\\n  --cluster "https://evil.example"\u0000')).toBe(
      'aws ecs describe-tasks \\\n  --cluster "https[:]//evil[.]example"',
    );
  });
});

describe('chat (client-markdown)', () => {
  it.each([
    ['<!channel>', '＜!channel＞'],
    ['<!here> <!everyone>', '＜!here＞ ＜!everyone＞'],
    ['<@U12345>', '＜＠U12345＞'],
    ['<#C123>', '＜#C123＞'],
    ['@channel @here @everyone', '＠channel ＠here ＠everyone'],
    ['[click](https://evil.example/x)', '[click] (https[:]//evil[.]example/x)'],
    ['<https://evil.example/b|here>', '＜https[:]//evil[.]example/b|here＞'],
    ['**bold** _em_ ~strike~ `code`', '＊＊bold＊＊ ＿em＿ ～strike～ ｀code｀'],
  ])('neutralises %s in prose', (input, out) => {
    expect(chatValue(input)).toBe(out);
  });

  it('leaves e-mail addresses and image digests alone (an "@" inside a word is no mention)', () => {
    expect(chatValue('ops@example.com repo@sha256:abc')).toBe('ops@example.com repo@sha256:abc');
  });

  it('keeps underscores and asterisks inside a code span or an id, and neutralises what could end it or mention', () => {
    expect(chatCode('my_service*1')).toBe('my_service*1');
    expect(chatCode('a`b <!here> @here [x](y)')).toBe('a｀b ＜!here＞ ＠here [x] (y)');
    expect(chatCodeBlock('line 1\n```\n<!channel>')).toBe('line 1\n｀｀｀\n＜!channel＞');
  });

  it('leaves no mention, link, markup, control character or clickable URL in prose, and is idempotent (property)', () => {
    fc.assert(
      fc.property(attackerText, (s) => {
        const out = chatValue(s);
        return (
          !/[<>*_~`]|\]\(|[A-Za-z]:\/\/|(^|[^\p{L}\p{N}_.+-])@[\p{L}\p{N}_]/u.test(out) &&
          !CC_CF.test(out) &&
          chatValue(out) === out
        );
      }),
      { numRuns: 2_000 },
    );
  });

  it('leaves nothing that ends a code span or mentions in code, and is idempotent (property)', () => {
    fc.assert(
      fc.property(attackerText, (s) => {
        const out = chatCode(s);
        return (
          !/[<>`]|[A-Za-z]:\/\/|(^|[^\p{L}\p{N}_.+-])@[\p{L}\p{N}_]/u.test(out) &&
          !CC_CF.test(out) &&
          chatCode(out) === out
        );
      }),
      { numRuns: 2_000 },
    );
  });
});
