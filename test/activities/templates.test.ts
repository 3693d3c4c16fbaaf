import {
  clientCc,
  discoveryAssignment,
  escapeHtml,
  followUpReminder,
  idleLeadWarning,
  joinEarlyNudge,
  meetingChecks,
  meetingConfirmationReminder,
  meetingSummary,
  messageIdFor,
  noShow,
  referralStatusReport,
  rescheduleConfirmation,
  strategyTask,
} from '../../activities/email/templates';

describe('clientCc', () => {
  it('puts help+<label>@ first, then the client owner and the epic owner', () => {
    expect(
      clientCc({
        mailingListLabel: 'Esme',
        companyDomain: 'opencraft.com',
        clientOwnerEmail: 'owner@opencraft.com',
        epicOwnerEmail: 'epic@opencraft.com',
      }),
    ).toEqual(['help+esme@opencraft.com', 'owner@opencraft.com', 'epic@opencraft.com']);
  });

  it('drops duplicates and the sender, comparing addresses case-insensitively', () => {
    expect(
      clientCc({
        mailingListLabel: 'campus',
        companyDomain: 'opencraft.com',
        clientOwnerEmail: 'Owner@OpenCraft.com',
        epicOwnerEmail: 'owner@opencraft.com',
        senderEmail: 'Owner <owner@opencraft.com>',
      }),
    ).toEqual(['help+campus@opencraft.com']);
  });

  it('refuses a label that would make an invalid address', () => {
    expect(() => clientCc({ mailingListLabel: 'a b', companyDomain: 'opencraft.com' })).toThrow(RangeError);
  });
});

describe('messageIdFor', () => {
  it('is deterministic and keeps distinct keys distinct', () => {
    expect(messageIdFor('lead-1:summary', 'example.com')).toBe('<lead-1=3Asummary@example.com>');
    expect(messageIdFor('lead-1:summary', 'example.com')).toBe(messageIdFor('lead-1:summary', 'EXAMPLE.com'));
    expect(messageIdFor('a/b', 'example.com')).not.toBe(messageIdFor('a:b', 'example.com'));
    expect(messageIdFor('café <x>', 'example.com')).toBe('<caf=C3=A9=20=3Cx=3E@example.com>');
  });

  it('never yields characters that are not allowed in a msg-id', () => {
    expect(messageIdFor('a b\r\n<c>@"d"', 'example.com')).toMatch(/^<[A-Za-z0-9_=-]+@example\.com>$/);
  });
});

describe('templates', () => {
  const hostile = '<script>alert("x")</script> & co';

  it('escapes everything interpolated into HTML, and keeps the plain text readable', () => {
    const email = meetingSummary({
      clientName: hostile,
      organisation: 'Hedera',
      meetingTitle: 'Intro',
      meetingDate: '2026-01-05',
      discussed: [hostile],
      nextSteps: [],
      senderName: 'Sam',
    });
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(email.text).toContain(`Hi ${hostile},`);
    expect(email.text).toContain('Monday 5 January 2026');
    expect(email.text).toContain('We will get back to you shortly with the next steps.');
  });

  it('keeps subjects on one line', () => {
    const email = followUpReminder({
      leadName: 'Jimmy\r\nBcc: victim@example.com',
      organisation: 'Hedera',
      stage: 'qualified',
      dueDate: '2026-01-12',
    });
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.text).toMatch(/^Hi,\n/);
  });

  it('renders every template with text and HTML', () => {
    const rendered = [
      discoveryAssignment({ assignee: 'Ana', leadName: 'Jimmy', organisation: 'Hedera', dueDate: '2026-01-20' }),
      discoveryAssignment({
        assignee: 'Ben',
        leadName: 'Jimmy',
        organisation: 'Hedera',
        dueDate: '2026-02-01',
        sprintStart: '2026-01-19',
      }),
      strategyTask({
        owner: 'Olga',
        clientName: 'Hedera',
        taskUrl: 'https://jira.example.com/browse/OPS-1',
        timeboxHours: 3,
      }),
      idleLeadWarning({ leadName: 'Jimmy', organisation: 'Hedera', stage: 'discovery', idleDays: 21 }),
    ];
    for (const email of rendered) {
      expect(email.subject).not.toBe('');
      expect(email.text.length).toBeGreaterThan(50);
      expect(email.html).toMatch(/^<!DOCTYPE html>/);
    }
    expect(rendered[0].text).toContain('Discovery Duty');
    expect(rendered[1].text).toContain('sprint starting Monday 19 January 2026');
    expect(rendered[2].subject).toBe('Client strategy review: Hedera (3h timebox)');
    expect(rendered[2].html).toContain('<a href="https://jira.example.com/browse/OPS-1">');
  });

  it('does not make non-web task links clickable', () => {
    const email = strategyTask({ owner: 'O', clientName: 'C', taskUrl: 'javascript:alert(1)', timeboxHours: 1 });
    expect(email.html).not.toContain('<a ');
    expect(email.text).toContain('timeboxed to 1 hour.');
  });

  it('offers two or three reschedule slots, no fewer and no more', () => {
    const base = { clientName: 'Jimmy', meetingTitle: 'Intro', senderName: 'Sam' };
    expect(noShow({ ...base, slots: ['a', 'b', 'c'] }).text).toContain('3. c');
    expect(() => noShow({ ...base, slots: ['a'] })).toThrow(RangeError);
    expect(() => noShow({ ...base, slots: ['a', 'b', 'c', 'd'] })).toThrow(RangeError);
  });

  it('escapes the five HTML special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('meetingConfirmationReminder', () => {
  const base = {
    ownerName: 'Olga',
    clientName: 'Ana Silva',
    clientEmail: 'ana@acme.example',
    meetingTitle: 'Blueprint review',
    when: 'Tuesday 10 March 2026, 14:00 UTC',
  };

  it('asks the owner to confirm attendance, test the link and attach the agenda', () => {
    const email = meetingConfirmationReminder({ ...base, meetingLink: 'https://meet.example.com/acme' });
    expect(email.subject).toBe('Confirm attendance: Blueprint review with Ana Silva, Tuesday 10 March 2026, 14:00 UTC');
    expect(email.text).toMatch(/^Hi Olga,\n/);
    expect(email.text).toContain('Confirm that Ana Silva will attend');
    expect(email.text).toContain('email (ana@acme.example)');
    expect(email.text).toContain('Test the meeting link below');
    expect(email.text).toContain('Meeting link: https://meet.example.com/acme');
    expect(email.text).toContain('Attach the agenda documents');
    expect(email.html).toContain('<a href="https://meet.example.com/acme">');
  });

  it('asks for a meeting link when the invite has none', () => {
    const email = meetingConfirmationReminder(base);
    expect(email.text).toContain('Add a meeting link to the invite and test it');
    expect(email.text).not.toContain('Meeting link:');
  });
});

describe('meetingChecks (004, 48 hours before every meeting)', () => {
  const base = {
    ownerName: 'Olga',
    clientName: 'Ana Silva',
    clientEmail: 'ana@acme.example',
    meetingTitle: 'Blueprint review',
    when: 'Tuesday 10 March 2026, 14:00 UTC',
  };

  it('with everything in place, still asks to test the link, and names no gap', () => {
    const email = meetingChecks({
      ...base,
      inviteAccepted: true,
      meetingLink: 'https://meet.example.com/acme',
      agendaUrl: 'https://docs.example.com/agenda',
    });
    expect(email.subject).toBe('Meeting checks: Blueprint review with Ana Silva, Tuesday 10 March 2026, 14:00 UTC');
    expect(email.text).toContain('Ana Silva has accepted the invite: nothing to confirm.');
    expect(email.text).toContain('Test the meeting link, so that it works when the meeting starts: https://meet');
    expect(email.text).toContain('everyone invited can open them: https://docs.example.com/agenda');
  });

  it('names every gap in the subject, in the order of the handbook', () => {
    const email = meetingChecks({ ...base, clientName: 'Ana <Acme>', inviteAccepted: false });
    expect(email.subject).toBe(
      'Meeting checks: Blueprint review with Ana <Acme>, Tuesday 10 March 2026, 14:00 UTC ' +
        '(invite not accepted, no meeting link, no agenda)',
    );
    expect(email.text).toContain('confirm that they will attend');
    expect(email.text).toContain('No meeting link: add one to the invite and test it.');
    expect(email.html).toContain('Ana &lt;Acme&gt;');
    expect(email.html).not.toContain('<Acme>');
  });
});

describe('joinEarlyNudge (004: "Join meeting 2-3 minutes prior")', () => {
  it('tells the owner to join now, by the clock time, with the link', () => {
    const email = joinEarlyNudge({
      ownerName: 'Olga',
      clientName: 'Ana Silva',
      meetingTitle: 'Blueprint review',
      when: 'Tuesday 10 March 2026, 14:00 UTC',
      joinBy: '13:57 UTC',
      meetingLink: 'https://meet.example.com/acme',
    });
    expect(email.subject).toBe('Join now: Blueprint review with Ana Silva starts at Tuesday 10 March 2026, 14:00 UTC');
    expect(email.text).toContain('Please join now, by 13:57 UTC');
    expect(email.text).toContain('Meeting link: https://meet.example.com/acme');
  });
});

describe('rescheduleConfirmation (004, L6)', () => {
  it('repeats the agreed date and time and both contacts back to the client', () => {
    const email = rescheduleConfirmation({
      clientName: 'Ana Silva',
      clientEmail: 'ana@acme.example',
      meetingTitle: 'Blueprint review',
      when: 'Thursday 12 March 2026, 09:00 UTC',
      contactName: 'Olga',
      contactEmail: 'olga@example.com',
    });
    expect(email.subject).toBe('Confirmed: Blueprint review, Thursday 12 March 2026, 09:00 UTC');
    expect(email.text).toMatch(/^Hi Ana Silva,\n/);
    expect(email.text).toContain('\n\nThursday 12 March 2026, 09:00 UTC\n\n');
    expect(email.text).toContain('The invite will be sent to ana@acme.example.');
    expect(email.text).toContain('Your contact with us is Olga (olga@example.com).');
    expect(email.text).toContain('Best regards,\nOlga');
  });
});

describe('referralStatusReport', () => {
  const ana = {
    leadName: 'Ana Silva',
    email: 'ana@acme.example',
    organisation: 'Acme Academy',
    stage: 'Assess Needs',
    lastUpdate: '2026-01-09T15:04:05.000Z',
  };
  const bo = { leadName: 'Bo', email: 'bo@b.example', organisation: 'B', stage: 'Prospect Qualification' };

  it('tabulates each lead with its stage and last update, columns aligned in the plain text', () => {
    const email = referralStatusReport({ recipientName: 'Bea', sprintEnding: '2026-01-18', rows: [ana, bo] });
    expect(email.subject).toBe('Axim referrals: 2 leads to update in Salesforce, sprint ending Sunday 18 January 2026');
    expect(email.text).toMatch(/^Hi Bea,\n/);
    expect(email.text).toContain('Please update their entries in Salesforce');
    expect(email.text).toContain(
      [
        'Lead       Email             Organisation  Stage                   Last update',
        '---------  ----------------  ------------  ----------------------  -----------',
        'Ana Silva  ana@acme.example  Acme Academy  Assess Needs            2026-01-09',
        'Bo         bo@b.example      B             Prospect Qualification  unknown',
      ].join('\n'),
    );
    expect(email.html).toMatch(/<table[^>]*>\n<thead><tr><th[^>]*>Lead<\/th>/);
    expect(email.html).toContain('>Ana Silva</td>');
    expect(email.html).toContain('>2026-01-09</td>');
    expect(email.html.indexOf('<table')).toBeGreaterThan(email.html.indexOf('Please update their entries'));
    expect(email.html.indexOf('<table')).toBeLessThan(email.html.indexOf('Sent automatically'));
  });

  it('escapes cells in HTML and keeps each lead on one line in the text', () => {
    const email = referralStatusReport({
      sprintEnding: '2026-01-18',
      rows: [{ ...ana, leadName: '<b>Ana</b>\nBcc: x $& co', organisation: 'A & "B"' }],
    });
    expect(email.html).not.toContain('<b>');
    expect(email.html).toContain('>&lt;b&gt;Ana&lt;/b&gt; Bcc: x $&amp; co</td>');
    expect(email.html).toContain('>A &amp; &quot;B&quot;</td>');
    expect(email.text).toMatch(/^<b>Ana<\/b> Bcc: x \$& co +ana@acme\.example +A & "B" +Assess Needs +2026-01-09$/m);
    expect(email.subject).toContain('1 lead to update');
  });

  it('says there is nothing to update when Axim has referred no one', () => {
    const email = referralStatusReport({ sprintEnding: '2026-01-18', rows: [] });
    expect(email.subject).toBe('Axim referrals: 0 leads to update in Salesforce, sprint ending Sunday 18 January 2026');
    expect(email.text).toContain('there is nothing to update in Salesforce this sprint');
    expect(email.text).not.toContain('Last update');
    expect(email.html).not.toContain('<table');
  });
});
