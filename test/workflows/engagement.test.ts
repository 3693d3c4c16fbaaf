import { engagementCode } from '../../workflows/engagement';

describe('engagementCode', () => {
  test.each([
    [
      'two UUIDv7 run ids started in the same millisecond (as the dev server issues them)',
      '01a20f2f-3736-78f7-b31e-25b918e19cb0',
      '01a20f2f-3736-7cc4-8a1c-a73dae822528',
    ],
    [
      'two random UUIDv4 run ids (as the time-skipping test server issues them)',
      '3f1c9a2e-5b7d-4c1e-9f0a-1b2c3d4e5f60',
      'a9e8d7c6-b5a4-4f3e-8d2c-1b0a99887766',
    ],
  ])('%s give different codes', (_name, first, second) => {
    expect(engagementCode(first)).not.toBe(engagementCode(second));
  });

  test('is the same for the same run id, short enough for an invoice number', () => {
    expect(engagementCode('01A20F2F-3736-78F7-B31E-25B918E19CB0')).toBe('25b918e19cb0');
    expect(engagementCode('01a20f2f-3736-78f7-b31e-25b918e19cb0')).toBe('25b918e19cb0');
  });

  test('refuses something that is not a run id', () => {
    expect(() => engagementCode('run-1')).toThrow('firstExecutionRunId: not a UUID: run-1');
  });
});
