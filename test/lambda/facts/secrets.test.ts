import { kmsArn } from '../../../lambda/facts/probes/secrets';

describe('kmsArn', () => {
  it('turns a key id into a key ARN in the partition of the region', () => {
    expect(kmsArn('k1', 'cn-north-1', 'arn:aws-cn:ssm:cn-north-1:111122223333:parameter/p')).toBe(
      'arn:aws-cn:kms:cn-north-1:111122223333:key/k1',
    );
  });

  it('turns an alias name into an alias ARN', () => {
    expect(kmsArn('alias/app', 'us-east-1', 'arn:aws:secretsmanager:us-east-1:111122223333:secret:s')).toBe(
      'arn:aws:kms:us-east-1:111122223333:alias/app',
    );
  });

  it('keeps a key ARN as it is', () => {
    expect(kmsArn('arn:aws:kms:eu-west-1:444455556666:key/k2', 'us-east-1', '')).toBe(
      'arn:aws:kms:eu-west-1:444455556666:key/k2',
    );
  });
});
