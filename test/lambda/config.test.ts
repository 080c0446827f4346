import { ConfigError, loadConfig } from '../../lambda/config';

describe('loadConfig', () => {
  it('loads the pipeline on the first event that needs it unless PIPELINE_LOAD=init (the stack), and says what is wrong', () => {
    expect(loadConfig({}).pipelineLoad).toBe('first-event');
    expect(loadConfig({ PIPELINE_LOAD: 'init' }).pipelineLoad).toBe('init');
    expect(loadConfig({ PIPELINE_LOAD: ' first-event ' }).pipelineLoad).toBe('first-event');
    expect(() => loadConfig({ PIPELINE_LOAD: 'eager' })).toThrow(
      new ConfigError('PIPELINE_LOAD must be "init" or "first-event", got "eager"'),
    );
  });

  it('defaults to propose-only, English, a 60 minute window', () => {
    expect(loadConfig({})).toMatchObject({
      autoFixExecutionRolePolicy: false,
      autoFixVpcEndpoints: false,
      forceNewDeploymentAfterFix: false,
      language: 'en',
      notificationWindowMinutes: 60,
      maxDiagnosesPerMinute: 10,
      topicArn: '',
      incidentTableName: '',
    });
  });

  it('reads every variable the stack sets', () => {
    const c = loadConfig({
      TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:t',
      INCIDENT_TABLE_NAME: 'incidents',
      AUTO_FIX_EXECUTION_ROLE_POLICY: 'true',
      AUTO_FIX_VPC_ENDPOINTS: 'TRUE',
      FORCE_NEW_DEPLOYMENT_AFTER_FIX: 'false',
      NOTIFICATION_LANGUAGE: 'ja',
      NOTIFICATION_WINDOW_MINUTES: '15',
      PIPELINE_DEADLINE_MS: '30000',
      MAX_DIAGNOSES_PER_MINUTE: '25',
      AWS_REGION: 'ap-northeast-1',
    });
    expect(c).toMatchObject({
      topicArn: 'arn:aws:sns:us-east-1:123456789012:t',
      incidentTableName: 'incidents',
      autoFixExecutionRolePolicy: true,
      autoFixVpcEndpoints: true,
      language: 'ja',
      notificationWindowMinutes: 15,
      deadlineMs: 30000,
      maxDiagnosesPerMinute: 25,
      region: 'ap-northeast-1',
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it.each([
    [{ AUTO_FIX_VPC_ENDPOINTS: 'yes' }, 'AUTO_FIX_VPC_ENDPOINTS must be "true" or "false"'],
    [{ NOTIFICATION_LANGUAGE: 'fr' }, 'NOTIFICATION_LANGUAGE must be "en" or "ja"'],
    [{ NOTIFICATION_WINDOW_MINUTES: '0' }, 'NOTIFICATION_WINDOW_MINUTES must be a positive integer'],
    [{ MAX_DIAGNOSES_PER_MINUTE: '0' }, 'MAX_DIAGNOSES_PER_MINUTE must be a positive integer'],
    [{ MAX_DIAGNOSES_PER_MINUTE: '101' }, 'MAX_DIAGNOSES_PER_MINUTE must be at most 100'],
  ])('rejects %j with a clear message', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
