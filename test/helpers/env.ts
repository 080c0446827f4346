// Every test runs with fake credentials and a loopback endpoint, so nothing can reach real AWS
// even if a mock is missing: an un-mocked call fails fast with a connection error.
process.env.AWS_ACCESS_KEY_ID = 'AKIDFAKEFAKEFAKE';
process.env.AWS_SECRET_ACCESS_KEY = 'fake-secret';
process.env.AWS_REGION = process.env.AWS_REGION ?? 'us-east-1';
process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:9';
process.env.AWS_MAX_ATTEMPTS = '1';
delete process.env.AWS_PROFILE;
// The handler loads its pipeline on the first event that needs it unless a test says otherwise (issue 21).
delete process.env.PIPELINE_LOAD;
process.env.POWERTOOLS_LOG_LEVEL = process.env.POWERTOOLS_LOG_LEVEL ?? 'SILENT';
