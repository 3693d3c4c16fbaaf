import {
  codenameFor,
  customerRequestLabels,
  customerRequestSummary,
  MINOR_PLANETS,
} from '../../rules/customer-request';
import { retroDescription, RETRO_QUESTIONS } from '../../rules/on-call-retro';

describe('customer request issues (handbook 004)', () => {
  test.each([
    ['a named client', { label: 'acme' }, false, ['customer request', 'acme']],
    [
      'an anonymous client: its codename, never its name',
      { label: 'acme', codename: 'ceres' },
      false,
      ['customer request', 'ceres'],
    ],
    [
      'waiting on the client: the "+" label',
      { label: 'acme' },
      true,
      ['customer request', 'acme', '+more info please'],
    ],
  ])('%s', (_name, client, waiting, labels) => {
    expect(customerRequestLabels(client, waiting)).toEqual(labels);
  });

  test.each([
    [
      'the first line names the issue',
      { label: 'acme' },
      'SSO fails\nsince Monday',
      'Customer request (acme): SSO fails',
    ],
    [
      'under the codename',
      { label: 'acme', codename: 'vesta' },
      'Export to CSV',
      'Customer request (vesta): Export to CSV',
    ],
    ['a long line is cut', { label: 'acme' }, 'x'.repeat(100), `Customer request (acme): ${'x'.repeat(79)}…`],
  ])('%s', (_name, client, text, summary) => {
    expect(customerRequestSummary(client, text)).toBe(summary);
  });

  test('a codename picked for a client is a minor planet, and the same one every time', () => {
    expect(MINOR_PLANETS).toContain(codenameFor('acme'));
    expect(codenameFor('acme')).toBe(codenameFor('ACME'));
    expect(new Set(['acme', 'globex', 'initech', 'umbrella', 'hooli'].map(codenameFor)).size).toBeGreaterThan(1);
  });
});

describe('the weekly on-call retro (handbook 004)', () => {
  test("lists the week's requests and asks the three questions", () => {
    const text = retroDescription({ start: '2026-12-07', end: '2026-12-14' }, [
      {
        reference: 'acme/1',
        client: 'acme',
        level: 'L2',
        status: 'resolved',
        slaBreached: false,
        incident: true,
        answeredAt: '2026-12-07T10:00:00.000Z',
        resolvedAt: '2026-12-08T10:00:00.000Z',
      },
      {
        reference: 'ceres/2',
        client: 'ceres',
        level: 'L3',
        status: 'open',
        slaBreached: true,
        incident: false,
      },
    ]);
    expect(text.split('\n')).toEqual([
      'On-call week 2026-12-07 to 2026-12-14: 2 requests, 1 past the SLA.',
      '',
      '- acme: L2, resolved, SLA met so far, incident, answered 2026-12-07T10:00:00.000Z, resolved 2026-12-08T10:00:00.000Z (acme/1)',
      '- ceres: L3, open, SLA missed (ceres/2)',
      '',
      'Discuss the highlights, then answer:',
      '1. What went well?',
      '2. What could have gone better?',
      '3. What should we remember next time?',
    ]);
    expect(RETRO_QUESTIONS).toHaveLength(3);
  });
});
