import { redact, safeText } from '../../../lambda/event/redact';

describe('redact', () => {
  it.each([
    ['AKIAIOSFODNN7EXAMPLE', 'AKIAIOSFODNN7EXAMPLE'],
    ['ASIAY34FZKBOKMUTVV7A', 'ASIAY34FZKBOKMUTVV7A'],
    ['password=hunter2secret', 'hunter2secret'],
    ['token=eyJhbGciOiJIUzI1NiJ9.payload.sig', 'eyJhbGciOiJIUzI1NiJ9'],
    ['https://deploy:S3cr3tPass@registry.example.com/v2/', 'S3cr3tPass'],
    ['Authorization: Bearer abcdefghijklmnop123', 'abcdefghijklmnop123'],
  ])('removes the credential in %s', (text, secret) => {
    const out = redact(`CannotPullContainerError: failed with ${text} while pulling`);
    expect(out).not.toContain(secret);
    expect(out).toContain('CannotPullContainerError: failed with');
  });

  it('keeps ordinary ids, ARNs and image references readable', () => {
    const text = 'pull access denied for 123456789012.dkr.ecr.eu-west-1.amazonaws.com/reports:1.8.0 role arn:aws:iam::123456789012:role/exec subnet-0a1b2c3d';
    expect(redact(text)).toBe(text);
  });

  it('caps long text and says how much was cut', () => {
    const out = safeText('a'.repeat(5_000), 100);
    expect(out.startsWith('a'.repeat(100))).toBe(true);
    expect(out).toContain('4900 more characters');
  });
});
