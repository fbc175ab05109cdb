/**
 * Text for the demo helpdesk. `{n}` is replaced by a number, `{p}` by a product name,
 * so that hundreds of tickets do not read as copies of each other.
 */

export interface TicketTemplate {
  title: string;
  body: string;
}

export const PRODUCTS = ['Starter plan', 'Team plan', 'Enterprise plan', 'mobile app', 'desktop sync client', 'REST API', 'billing portal'];

export const TEMPLATES: Record<'en' | 'es', Record<number, readonly TicketTemplate[]>> = {
  en: {
    1: [
      { title: 'Cannot log in after password change', body: '<p>I changed my password yesterday and now the login page says my credentials are wrong.</p><p>I tried twice with the new password.</p>' },
      { title: 'How do I add a second user to my account?', body: '<p>We hired someone new. How can I give her access to our {p}?</p>' },
      { title: 'Two-factor codes are rejected', body: '<p>The six-digit codes from my authenticator app are always rejected. My phone clock is correct.</p>' },
      { title: 'Where can I download my data?', body: '<p>I would like an export of everything we stored with you, ideally as CSV.</p>' },
      { title: 'Account locked after too many attempts', body: '<p>My account says it is locked. How long do I have to wait, or can you unlock it?</p>' },
      { title: 'Question about the {p}', body: '<p>Is the {p} included in our subscription, or is it an extra?</p>' },
      { title: 'Notification e-mails go to spam', body: '<p>All your e-mails end up in our spam folder since last week. Did your sending domain change?</p>' },
      { title: 'Change the owner of our workspace', body: '<p>Our previous admin left the company. Please move the ownership to me.</p>' },
    ],
    2: [
      { title: 'Invoice {n} charged twice', body: '<p>Our card was charged twice for invoice {n}. Please refund one of the payments.</p>' },
      { title: 'Need a VAT number on my invoices', body: '<p>Please add our VAT number to all future invoices and re-issue invoice {n}.</p>' },
      { title: 'Upgrade from Starter to Team plan', body: '<p>We want to upgrade. Will the price be prorated for this month?</p>' },
      { title: 'Card declined on renewal', body: '<p>The renewal failed with "card declined" but the card works everywhere else.</p>' },
      { title: 'Cancel subscription at end of term', body: '<p>Please make sure we are not renewed after the current period ends.</p>' },
      { title: 'Refund request for order {n}', body: '<p>We ordered by mistake (order {n}). Could you refund it?</p>' },
      { title: 'Invoices should go to accounting@', body: '<p>Please send invoices to our accounting mailbox instead of to me.</p>' },
    ],
    3: [
      { title: 'API returns 502 every few minutes', body: '<p>Calls to the {p} fail with <code>502 Bad Gateway</code> roughly every five minutes since this morning.</p>' },
      { title: 'Mobile app crashes on start', body: '<p>The {p} closes right after the splash screen on Android 14.</p>' },
      { title: 'Webhook deliveries time out', body: '<p>Our endpoint answers in under a second, but your dashboard says webhook deliveries time out.</p>' },
      { title: 'Sync conflict files keep appearing', body: '<p>The {p} creates files named "conflicted copy" several times a day.</p>' },
      { title: 'Rate limit too low for nightly import', body: '<p>Our nightly import of {n} records hits the rate limit. Can it be raised between 01:00 and 04:00?</p>' },
      { title: 'Search results are out of date', body: '<p>Items we created hours ago do not show up in search.</p>' },
      { title: 'SSO login loops back to the start page', body: '<p>With SSO enabled, users are sent back to the login page after authenticating.</p>' },
      { title: 'Export job stuck at 99%', body: '<p>The export started yesterday is still at 99%. Job id {n}.</p>' },
    ],
    4: [
      { title: 'Quote for {n} seats', body: '<p>Could you send us a quote for {n} seats on the Enterprise plan, billed yearly?</p>' },
      { title: 'Do you offer discounts for non-profits?', body: '<p>We are a registered charity. Is there a discount?</p>' },
      { title: 'Demo for our team next week', body: '<p>We would like a 30 minute demo of the {p} for our operations team.</p>' },
      { title: 'Security questionnaire', body: '<p>Our procurement team needs a completed security questionnaire before we can sign.</p>' },
    ],
    5: [
      { title: 'Weekly on-call handover', body: '<p>Handover notes for this week: two open escalations, see linked tickets.</p>' },
      { title: 'Update canned replies for new pricing', body: '<p>The billing replies still mention the old prices. Please review.</p>' },
      { title: 'Escalation: customer threatens chargeback', body: '<p>Customer with invoice {n} says they will file a chargeback. Needs a lead.</p>' },
    ],
  },
  es: {
    1: [
      { title: 'No puedo iniciar sesión', body: '<p>Desde ayer la página de acceso dice que mi contraseña es incorrecta.</p>' },
      { title: '¿Cómo añado otro usuario?', body: '<p>Necesitamos dar acceso al {p} a una compañera nueva.</p>' },
      { title: 'Los correos llegan a spam', body: '<p>Todos sus correos terminan en la carpeta de spam.</p>' },
    ],
    2: [
      { title: 'Factura {n} cobrada dos veces', body: '<p>Nos han cobrado dos veces la factura {n}. Por favor, devuelvan un pago.</p>' },
      { title: 'Necesito factura con NIF', body: '<p>Por favor, incluyan nuestro NIF en la factura {n}.</p>' },
    ],
    3: [
      { title: 'La aplicación se cierra al abrir', body: '<p>La {p} se cierra nada más abrirla en mi teléfono.</p>' },
      { title: 'Error 502 en la API', body: '<p>La {p} devuelve 502 varias veces por hora.</p>' },
    ],
    4: [{ title: 'Presupuesto para {n} licencias', body: '<p>¿Pueden enviarnos un presupuesto para {n} licencias?</p>' }],
    5: [{ title: 'Notas de guardia', body: '<p>Notas internas de la semana.</p>' }],
  },
};

export const STAFF_REPLIES: Record<'en' | 'es', readonly string[]> = {
  en: [
    '<p>Thanks for reaching out. I am looking into this now and will update you shortly.</p>',
    '<p>Could you send us a screenshot of the error and the time it happened (with time zone)?</p>',
    '<p>We found the cause and deployed a fix. Could you try again and let us know?</p>',
    '<p>I have forwarded this to our engineering team; we will keep you posted.</p>',
    '<p>Done! The change is live on your account.</p>',
    '<p>Sorry for the trouble. I issued the refund; it can take 5–10 business days to appear.</p>',
  ],
  es: [
    '<p>Gracias por escribirnos. Lo estoy revisando y le aviso en breve.</p>',
    '<p>¿Podría enviarnos una captura del error?</p>',
    '<p>Hemos aplicado una corrección. ¿Puede probar de nuevo?</p>',
  ],
};

export const CUSTOMER_FOLLOW_UPS: Record<'en' | 'es', readonly string[]> = {
  en: [
    '<p>Any update on this?</p>',
    '<p>Here is the screenshot you asked for.</p>',
    '<p>It works now, thank you!</p>',
    '<p>Still happening this morning, unfortunately.</p>',
    '<p>Thanks, that answers my question.</p>',
  ],
  es: ['<p>¿Alguna novedad?</p>', '<p>Ya funciona, ¡gracias!</p>', '<p>Sigue pasando esta mañana.</p>'],
};

export const INTERNAL_NOTES: readonly string[] = [
  '<p>Internal: same root cause as last week\'s incident, see the postmortem.</p>',
  '<p>Internal: customer is on the Enterprise plan, prioritise.</p>',
  '<p>Internal: waiting for engineering, do not close yet.</p>',
  '<p>Internal: refund approved by finance.</p>',
];

export const CUSTOMERS: readonly { name: string; email: string; lang: 'en' | 'es' }[] = [
  { name: 'Alice Johnson', email: 'alice@example.com', lang: 'en' },
  { name: 'Bob Smith', email: 'bob@example.com', lang: 'en' },
  { name: 'Carla Gómez', email: 'carla@example.com', lang: 'es' },
  { name: 'David Lee', email: 'david@example.com', lang: 'en' },
  { name: 'Emma Brown', email: 'emma@example.com', lang: 'en' },
  { name: 'Farid Haddad', email: 'farid@example.com', lang: 'en' },
  { name: 'Grace Kim', email: 'grace@example.com', lang: 'en' },
  { name: 'Hugo Martín', email: 'hugo@example.com', lang: 'es' },
  { name: 'Ines Duarte', email: 'ines@example.com', lang: 'en' },
  { name: 'Jonas Weber', email: 'jonas@example.com', lang: 'en' },
  { name: 'Keiko Tanaka', email: 'keiko@example.com', lang: 'en' },
  { name: 'Liam O\'Brien', email: 'liam@example.com', lang: 'en' },
  { name: 'María López', email: 'maria@example.com', lang: 'es' },
  { name: 'Nora Svensson', email: 'nora@example.com', lang: 'en' },
  { name: 'Omar Farouk', email: 'omar@example.com', lang: 'en' },
];
