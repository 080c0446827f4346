import { resourceArnFor } from '../../../lambda/domain/secret-ref';

describe('resourceArnFor', () => {
  it.each([
    ['us-east-1', 'arn:aws:ssm:us-east-1:111122223333:parameter/app/db'],
    ['cn-north-1', 'arn:aws-cn:ssm:cn-north-1:111122223333:parameter/app/db'],
    ['us-gov-west-1', 'arn:aws-us-gov:ssm:us-gov-west-1:111122223333:parameter/app/db'],
  ])('builds an SSM parameter ARN in the partition of %s', (region, arn) => {
    expect(resourceArnFor({ kind: 'ssm', id: '/app/db', region }, '111122223333')).toBe(arn);
  });

  it('keeps a Secrets Manager ARN as it is', () => {
    const id = 'arn:aws-cn:secretsmanager:cn-north-1:111122223333:secret:db-AbCdEf';
    expect(resourceArnFor({ kind: 'secretsmanager', id, region: 'cn-north-1' }, '111122223333')).toBe(id);
  });
});
