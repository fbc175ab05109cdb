import type { Repo } from './repo.js';
import { type SeedResult, insertCustomResponse, insertDepartment, insertSettings, insertStaff, insertTag, insertUser } from './seed-common.js';

/** The minute the recorded instance's tickets were created (UTC). */
export const RECORDED_CREATED = '202612031532';

/**
 * The 12 tickets of the recording session, in creation (id) order. The numbers are
 * copied from the recordings: they do not follow one first-number/gap sequence, so
 * they are stored as given rather than generated.
 */
const TICKETS: readonly { number: number; author: 1 | 2; department: 1 | 2 | 3; title: string; content: string }[] = [
  { number: 196568, author: 1, department: 1, title: 'Cannot log in to my account', content: 'Since yesterday I get an error when logging in.' },
  { number: 279834, author: 1, department: 2, title: 'Invoice shows wrong amount', content: 'My March invoice was charged twice.' },
  { number: 771467, author: 1, department: 3, title: 'Server returns 502 errors', content: 'The dashboard intermittently shows 502 Bad Gateway.' },
  { number: 363100, author: 1, department: 1, title: 'How do I change my email?', content: 'I want to switch my account email address.' },
  { number: 854733, author: 1, department: 2, title: 'Refund request for order 4411', content: 'Please refund the duplicated charge.' },
  { number: 446366, author: 1, department: 3, title: 'API rate limit too low', content: 'We hit the API rate limit every afternoon.' },
  { number: 937999, author: 2, department: 1, title: 'Password reset email never arrives', content: 'I requested a reset three times.' },
  { number: 529632, author: 2, department: 2, title: 'Need a VAT invoice', content: 'Please issue a VAT-compliant invoice for my company.' },
  { number: 121265, author: 2, department: 3, title: 'Mobile app crashes on start', content: 'The Android app crashes right after the splash screen.' },
  { number: 612898, author: 2, department: 1, title: 'Feature request: dark mode', content: 'It would be great to have a dark theme.' },
  { number: 204531, author: 2, department: 2, title: 'Payment method declined', content: 'My card is declined although it is valid.' },
  { number: 696164, author: 2, department: 3, title: 'Webhook deliveries failing', content: 'Webhooks to our endpoint time out after 5s.' },
];

/** The world of the recordings (§ recorded/*.json) as it stood before the recording session. */
export function seedRecorded(repo: Repo, origin: string): SeedResult {
  insertSettings(repo, origin, {
    'ticket-first-number': '196568',
    // The gap the recorded numbers step by (mod 900000); kept so new tickets land in the same pattern.
    'ticket-gap': '83266',
    'allow-attachments': '0',
    'max-size': '1',
  });
  insertDepartment(repo, { id: 1, name: 'Help and Support' });
  insertDepartment(repo, { id: 2, name: 'Billing' });
  insertDepartment(repo, { id: 3, name: 'Technical' });
  const staff = [
    insertStaff(repo, { id: 1, name: 'Admin Root', email: 'admin@example.test', password: 'admin-secret-1', level: 3, departments: [1, 2, 3], profilePic: '' }),
    insertStaff(repo, { id: 2, name: 'Sam Agent', email: 'sam.agent@example.test', password: 'sam-secret-1', level: 1, departments: [1, 2], sendEmailOnNewTicket: false }),
    insertStaff(repo, { id: 3, name: 'Terry Lead', email: 'terry.lead@example.test', password: 'terry-secret-1', level: 2, departments: [2, 3] }),
  ];
  const users = [
    insertUser(repo, { id: 1, name: 'Alice User', email: 'alice@example.test', password: 'alice-secret-1', signupDate: RECORDED_CREATED }),
    insertUser(repo, { id: 2, name: 'Bob User', email: 'bob@example.test', password: 'bob-secret-1', signupDate: RECORDED_CREATED }),
  ];
  insertTag(repo, { id: 1, name: 'urgent', color: '#ff0000' });
  insertTag(repo, { id: 2, name: 'needs-info', color: '#0000ff' });
  insertCustomResponse(repo, { id: 1, name: 'Greeting', language: 'en', content: 'Hello, thanks for contacting us. We are looking into it.' });

  TICKETS.forEach((t, i) => {
    const author = users[t.author - 1];
    repo.run(
      `INSERT INTO ticket (id, ticket_number, title, content, department_id, date, file, language, unread, unread_staff, closed,
         author_user_id, author_staff_id, author_name, author_email, owner_id)
       VALUES (?, ?, ?, ?, ?, ?, NULL, 'en', 0, 1, 0, ?, NULL, ?, ?, NULL)`,
      i + 1,
      t.number,
      t.title,
      t.content,
      t.department,
      RECORDED_CREATED,
      t.author,
      author?.name ?? null,
      author?.email ?? null,
    );
  });
  repo.run("UPDATE user SET tickets = (SELECT COUNT(*) FROM ticket WHERE author_user_id = user.id)");
  // The two comments that existed before the session (event ids 1 and 2); ids 3.. were produced by the recorded actions.
  const comment = repo.db.prepare(
    "INSERT INTO ticket_event (id, ticket_id, type, content, author_user_id, author_staff_id, date, file, private, edited) VALUES (?, ?, 'COMMENT', ?, ?, NULL, ?, NULL, 0, NULL)",
  );
  comment.run(1, 1, 'Any update on this? Still cannot log in.', 1, RECORDED_CREATED);
  comment.run(2, 7, 'Checked spam folder too, nothing there.', 2, RECORDED_CREATED);
  return { staff, users };
}
