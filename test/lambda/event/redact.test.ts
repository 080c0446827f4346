import { redact, safeText } from '../../../lambda/domain/redact';
import { EXAMPLE_ACCESS_KEY_ID } from '../../helpers/fake-credentials';

describe('redact', () => {
  it.each([
    [EXAMPLE_ACCESS_KEY_ID, EXAMPLE_ACCESS_KEY_ID],
    ['ASIAY34FZKBOKMUTVV7A', 'ASIAY34FZKBOKMUTVV7A'],
    ['password=hunter2secret', 'hunter2secret'],
    ['token=eyJhbGciOiJIUzI1NiJ9.payload.sig', 'eyJhbGciOiJIUzI1NiJ9'],
    ['https://deploy:S3cr3tPass@registry.example.com/v2/', 'S3cr3tPass'],
    ['Authorization: Bearer abcdefghijklmnop123', 'abcdefghijklmnop123'],
    ['DB_PASSWORD=hunter2secret', 'hunter2secret'],
    [`key_${EXAMPLE_ACCESS_KEY_ID}_old`, EXAMPLE_ACCESS_KEY_ID.slice(4)],
  ])('removes the credential in %s', (text, secret) => {
    const out = redact(`CannotPullContainerError: failed with ${text} while pulling`);
    expect(out).not.toContain(secret);
    expect(out).toContain('CannotPullContainerError: failed with');
  });

  it.each([
    ['password: hunter2secret', 'hunter2secret'],
    ['{"username":"deploy","password":"S3cr3t!"}', 'S3cr3t!'],
    ['secret_access_key: wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY', 'wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY'],
  ])('removes the credential in %s', (text, secret) => {
    expect(redact(`failed: ${text}`)).not.toContain(secret);
  });

  it.each([
    'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s)',
    'failed to fetch secret arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:prod/db-password-AbCdEf from secrets manager',
  ])('keeps prose that merely names secrets or auth readable: %s', (text) => {
    expect(redact(text)).toBe(text);
  });

  it.each([`password='hunter2secret'<!channel>`, 'token="abc" rest', 'DB_PASSWORD=x y'])(
    'changes nothing when redacting redacted text (%s)',
    (text) => {
      expect(redact(redact(text))).toBe(redact(text));
    },
  );

  it('keeps ordinary ids, ARNs and image references readable', () => {
    const text =
      'pull access denied for 123456789012.dkr.ecr.eu-west-1.amazonaws.com/reports:1.8.0 role arn:aws:iam::123456789012:role/exec subnet-0a1b2c3d';
    expect(redact(text)).toBe(text);
  });

  it('caps long text, the marker included, and says how much was cut', () => {
    const out = safeText('a'.repeat(5_000), 100);
    const kept = out.indexOf('…');
    expect(out.length).toBeLessThanOrEqual(100);
    expect(kept).toBeGreaterThan(60);
    expect(out).toBe(`${'a'.repeat(kept)}… (${5_000 - kept} more characters)`);
  });
});
