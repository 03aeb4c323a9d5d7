import { JwtService } from '@nestjs/jwt';
import { io, type Socket } from 'socket.io-client';
import { createTestApp, STRONG_PASSWORD, type TestApp } from '../support/test-app';
import { registerDoctor, registerPatient, signIn, signInAdmin, uniqueEmail, type Session } from '../support/accounts';

const NEW_PASSWORD = 'Marble-Harbour-Violin-73';

let ipCounter = 0;
/** A client address of its own (this app trusts X-Forwarded-For from loopback), so throttling tests don't share counters. */
function uniqueIp(): string {
  ipCounter += 1;
  return `198.51.100.${ipCounter}`;
}

/**
 * Refresh tokens whose id part has a UUID's length and characters but is not a UUID: PostgreSQL refuses
 * each as a uuid value, so they must be turned away before any query.
 */
const MALFORMED_REFRESH_TOKENS = [
  `${'-'.repeat(36)}.${'a'.repeat(20)}`,
  `${'0123456789abcdef'.repeat(3).slice(0, 36)}.${'a'.repeat(43)}`,
  `0000-0000-0000-0000-0000-0000-000000.${'a'.repeat(43)}`,
];

function fieldsOf(body: { details?: { field: string }[] }): string[] {
  return (body.details ?? []).map((d) => d.field);
}

describe('auth (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The tests stand in for clients behind a proxy on this machine.
    t = await createTestApp({ TRUST_PROXY: 'loopback' });
  });
  afterAll(async () => {
    await t.close();
  });

  async function suspend(userId: string, reason?: string): Promise<void> {
    const admin = await signInAdmin(t);
    await t.http.post(`/api/admin/users/${userId}/suspend`).set(admin.auth).send(reason ? { reason } : {}).expect(200);
  }

  function login(email: string, password = STRONG_PASSWORD, ip?: string) {
    const req = t.http.post('/api/auth/login');
    if (ip) req.set('X-Forwarded-For', ip);
    return req.send({ email, password });
  }

  /** POST /api/auth/register with this body. */
  function register(body: Record<string, unknown>) {
    return t.http.post('/api/auth/register').send(body);
  }

  /** A doctor's application: these details with the strong password. */
  function doctorApplication(email: string, fullName: string, specialty: string, licenseNumber: string) {
    return { email, password: STRONG_PASSWORD, fullName, role: 'doctor', specialty, licenseNumber };
  }

  describe('POST /api/auth/register', () => {
    it('creates an active patient and never returns the password', async () => {
      const email = uniqueEmail();
      const res = await register({ email, password: STRONG_PASSWORD, fullName: 'Ada Lovelace', role: 'patient' }).expect(201);
      expect(res.body).toEqual({
        user: { id: expect.any(String), email, fullName: 'Ada Lovelace', role: 'patient', status: 'active' },
      });
      expect(JSON.stringify(res.body)).not.toContain(STRONG_PASSWORD);
    });

    it('answers field-level messages for a bad body', async () => {
      const res = await register({ email: 'not-an-email', password: 'short', fullName: 'A', role: 'admin', isAdmin: true }).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: 'Validation failed' });
      const fields = (res.body.details as { field: string }[]).map((d) => d.field).sort();
      expect(fields).toEqual(['email', 'fullName', 'isAdmin', 'password', 'role']);
    });

    it('creates a doctor application as pending, with its specialty', async () => {
      const email = uniqueEmail('doctor');
      const res = await register(doctorApplication(email, 'Dr Hana Okafor', 'cardiology', 'GMC-7012345')).expect(201);
      expect(res.body.user).toEqual({
        id: expect.any(String),
        email,
        fullName: 'Dr Hana Okafor',
        role: 'doctor',
        status: 'pending',
      });
      const session = await signIn(t, email);
      const me = await t.http.get('/api/auth/me').set(session.auth).expect(200);
      expect(me.body).toMatchObject({ role: 'doctor', status: 'pending', specialty: 'Cardiology' });
    });

    it('requires a specialty and a licence number from doctors, per field', async () => {
      const res = await register({ email: uniqueEmail('doctor'), password: STRONG_PASSWORD, fullName: 'Dr No Details', role: 'doctor' }).expect(400);
      expect(res.body.message).toBe('Validation failed');
      expect(res.body.details).toEqual(
        expect.arrayContaining([
          { field: 'specialty', message: 'is required for doctors' },
          { field: 'licenseNumber', message: 'is required for doctors' },
        ]),
      );
      expect(fieldsOf(res.body).sort()).toEqual(['licenseNumber', 'specialty']);
    });

    it('refuses a specialty the clinic does not offer', async () => {
      const email = uniqueEmail('doctor');
      const res = await register(doctorApplication(email, 'Dr Imaginary', 'Astrology', 'GMC-1111111')).expect(400);
      expect(fieldsOf(res.body)).toEqual(['specialty']);
      // nothing was created: the email is still free
      await login(email).expect(401);
    });

    it('refuses a date of birth in the future or over 130 years ago, judged on the clinic’s today, with 400 on dateOfBirth', async () => {
      // 23:30 UTC on 31 July 2040 is already 1 August in the clinic (Europe/London, on summer time).
      t.clock.freeze(Date.parse('2040-07-31T23:30:00Z'));
      const cases: [string, string | null][] = [
        ['2040-08-02', 'must not be in the future'],
        ['2040-08-01', null],
        ['1910-08-01', null],
        ['1910-07-31', 'must be within the last 130 years'],
      ];
      const outcomes: { dateOfBirth: string; email: string; status: number }[] = [];
      try {
        for (const [dateOfBirth, problem] of cases) {
          const email = uniqueEmail('born');
          const res = await t.http
            .post('/api/auth/register')
            .set('X-Forwarded-For', uniqueIp())
            .send({ email, password: STRONG_PASSWORD, fullName: 'Bea Born', role: 'patient', dateOfBirth });
          expect({ dateOfBirth, status: res.status }).toEqual({ dateOfBirth, status: problem ? 400 : 201 });
          if (problem) expect(res.body).toMatchObject({ message: 'Validation failed', details: [{ field: 'dateOfBirth', message: problem }] });
          outcomes.push({ dateOfBirth, email, status: res.status });
        }
      } finally {
        t.clock.reset();
      }
      for (const { dateOfBirth, email, status } of outcomes) {
        if (status === 201) {
          const session = await signIn(t, email);
          expect((await t.http.get('/api/auth/me').set(session.auth).expect(200)).body.dateOfBirth).toBe(dateOfBirth);
        } else {
          // nothing was created: the email is still free
          await login(email, STRONG_PASSWORD, uniqueIp()).expect(401);
        }
      }
    });

    it('answers 409 with field email for an email already registered, whatever its case', async () => {
      const email = uniqueEmail('taken');
      await registerPatient(t, { email });
      for (const again of [email, email.toUpperCase(), `  ${email.replace(/^./, (c) => c.toUpperCase())} `]) {
        const res = await register({ email: again, password: STRONG_PASSWORD, fullName: 'Second Try', role: 'patient' }).expect(409);
        expect(res.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
        expect(res.body.details).toEqual([{ field: 'email', message: expect.any(String) }]);
      }
    });

    it.each([
      ['too short', 'Short1!', 'Harriet Vane', /at least 12|between 12/],
      ['a common password in disguise', 'Password2026!!', 'Harriet Vane', /too common/],
      ['built on the person’s own name', 'Hamilton-Rocks-77', 'Ada Hamilton', /name or email/],
    ])('refuses a password that is %s with 400 on field password', async (_label, password, fullName, message) => {
      const email = uniqueEmail('weak');
      const res = await register({ email, password, fullName, role: 'patient' }).expect(400);
      expect(res.body.details).toEqual([{ field: 'password', message: expect.stringMatching(message) }]);
      await login(email, password).expect(401);
    });

    it('refuses a password built on the email’s local part', async () => {
      const local = `winifred${Date.now().toString(36)}`;
      const res = await register({ email: `${local}@example.test`, password: `${local}-Gardens-9`, fullName: 'Win Field', role: 'patient' }).expect(400);
      expect(res.body.details).toEqual([{ field: 'password', message: 'must not contain your name or email' }]);
    });

    it('answers 400, not 500, for a malformed JSON body', async () => {
      const res = await t.http
        .post('/api/auth/register')
        .set('Content-Type', 'application/json')
        .send('{"email": "broken@example.test", "password": ')
        .expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.any(String) });
    });
  });

  describe('POST /api/auth/login', () => {
    it('gives the same 401 for an unknown email and a wrong password', async () => {
      const patient = await registerPatient(t);
      const unknown = await t.http.post('/api/auth/login').send({ email: uniqueEmail(), password: STRONG_PASSWORD });
      const wrong = await t.http.post('/api/auth/login').send({ email: patient.email, password: 'wrong-password-123' });
      expect(unknown.status).toBe(401);
      expect(wrong.status).toBe(401);
      expect(unknown.body.message).toBe(wrong.body.message);
    });

    it('signs in and the access token opens /api/auth/me', async () => {
      const patient = await registerPatient(t, { fullName: 'Grace Hopper' });
      const me = await t.http.get('/api/auth/me').set(patient.auth).expect(200);
      expect(me.body).toMatchObject({ id: patient.id, email: patient.email, fullName: 'Grace Hopper', role: 'patient' });
      const again = await signIn(t, patient.email.toUpperCase());
      expect(again.id).toBe(patient.id);
    });

    it('lets a pending doctor sign in, showing status pending', async () => {
      const email = uniqueEmail('doctor');
      await registerDoctor(t, { email });
      const res = await login(email).expect(200);
      expect(res.body).toMatchObject({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        user: { email, role: 'doctor', status: 'pending' },
      });
    });

    it('refuses a suspended account with 403 and a clear message, even with the right password', async () => {
      const patient = await registerPatient(t);
      await suspend(patient.id, 'Repeated no-shows');
      const res = await login(patient.email).expect(403);
      expect(res.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
      expect(res.body.message).toMatch(/suspended/i);
      expect(res.body.message).toContain('Repeated no-shows');
      expect(res.body).not.toHaveProperty('accessToken');
    });

    it('answers 400 with field messages for a body without credentials', async () => {
      const res = await t.http.post('/api/auth/login').send({}).expect(400);
      expect(fieldsOf(res.body).sort()).toEqual(['email', 'password']);
    });
  });

  describe('login throttling', () => {
    it('stops a guesser after 5 failures from one address (429 with Retry-After) while the owner signs in from another, and lifts after the window', async () => {
      const ip = uniqueIp();
      const victim = await registerPatient(t);
      const bystander = await registerPatient(t);
      const { maxPerPair, windowSeconds } = t.config.loginThrottle;
      expect(maxPerPair).toBe(5);

      for (let i = 0; i < maxPerPair; i++) {
        await login(victim.email, `wrong-password-${i}-xyz`, ip).expect(401);
      }
      const locked = await login(victim.email, STRONG_PASSWORD, ip).expect(429);
      expect(locked.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', message: expect.any(String) });
      const retryAfter = Number(locked.headers['retry-after']);
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(windowSeconds);

      // the guesser's address cannot lock the owner out: from elsewhere the owner signs in
      await login(victim.email, STRONG_PASSWORD, uniqueIp()).expect(200);
      // the guesser's address stays stopped for this account, and other accounts sign in from it as usual
      await login(victim.email, STRONG_PASSWORD, ip).expect(429);
      await login(bystander.email, STRONG_PASSWORD, ip).expect(200);

      t.clock.advance((windowSeconds + 1) * 1000);
      const after = await login(victim.email, STRONG_PASSWORD, ip).expect(200);
      expect(after.body.user.id).toBe(victim.id);
    });

    it('meets distributed guessing with waits that double, without counting the attempts it refuses', async () => {
      const { accountSlowAfter } = t.config.loginThrottle;
      // Each attempt happens at a chosen instant, whatever the password hashing costs in real time; the account's
      // window opens with registration's own sign-in, at 0.
      const start = t.clock.now().getTime();
      const at = (seconds: number) => t.clock.freeze(start + seconds * 1000);
      at(0);
      const victim = await registerPatient(t);
      for (let i = 0; i < accountSlowAfter; i++) {
        at(0);
        await login(victim.email, `spread-guess-${i}-xyz`, uniqueIp()).expect(401);
      }

      // the next attempt, from anywhere and even with the right password, waits until 2 s after the first failure;
      // refused ones are not counted, so hammering does not lengthen the wait
      for (let i = 0; i < 3; i++) {
        at(0.5);
        const wait = await login(victim.email, STRONG_PASSWORD, uniqueIp()).expect(429);
        expect(Number(wait.headers['retry-after'])).toBe(2);
      }
      at(2);
      await login(victim.email, 'one-more-guess-xyz', uniqueIp()).expect(401);
      // the one after that waits twice as long (until 4 s)
      at(2.5);
      const longer = await login(victim.email, STRONG_PASSWORD, uniqueIp()).expect(429);
      expect(Number(longer.headers['retry-after'])).toBe(2);
      at(4);
      await login(victim.email, STRONG_PASSWORD, uniqueIp()).expect(200);
      t.clock.unfreeze();
    });

    it('holds the limit against a burst of parallel guesses', async () => {
      const ip = uniqueIp();
      const victim = await registerPatient(t);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => login(victim.email, `parallel-guess-${i}-xyz`, ip)),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 401)).toHaveLength(t.config.loginThrottle.maxPerPair);
      expect(statuses.filter((s) => s === 429)).toHaveLength(20 - t.config.loginThrottle.maxPerPair);
    });

    it('a success clears the account’s failure count', async () => {
      const ip = uniqueIp();
      const patient = await registerPatient(t);
      for (let i = 0; i < 4; i++) await login(patient.email, `wrong-password-${i}-abc`, ip).expect(401);
      await login(patient.email, STRONG_PASSWORD, ip).expect(200);
      for (let i = 0; i < 4; i++) await login(patient.email, `wrong-password-${i}-def`, ip).expect(401);
      await login(patient.email, STRONG_PASSWORD, ip).expect(200);
    });

    it('limits failures per client address across many accounts', async () => {
      const throttle = t.config.loginThrottle as { maxPerIp: number };
      const original = throttle.maxPerIp;
      throttle.maxPerIp = 3;
      try {
        const ip = uniqueIp();
        const patient = await registerPatient(t);
        for (let i = 0; i < 3; i++) await login(uniqueEmail('guess'), 'guessing-password-1', ip).expect(401);
        const res = await login(patient.email, STRONG_PASSWORD, ip).expect(429);
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        // the same account from another address is not affected
        await login(patient.email, STRONG_PASSWORD, uniqueIp()).expect(200);
      } finally {
        throttle.maxPerIp = original;
      }
    });
  });

  describe('registration throttling', () => {
    it('limits registrations per address, counting taken emails too, so nobody can test addresses at scale', async () => {
      const existing = await registerPatient(t);
      const throttle = t.config.loginThrottle;
      const original = throttle.registrationsPerIp;
      throttle.registrationsPerIp = 3;
      try {
        const ip = uniqueIp();
        const register = (email: string, from = ip) =>
          t.http
            .post('/api/auth/register')
            .set('X-Forwarded-For', from)
            .send({ email, password: STRONG_PASSWORD, fullName: 'Ada Lovelace', role: 'patient' });
        await register(uniqueEmail()).expect(201);
        await register(existing.email).expect(409);
        await register(uniqueEmail()).expect(201);
        const res = await register(uniqueEmail()).expect(429);
        expect(res.body).toMatchObject({ statusCode: 429, message: expect.stringMatching(/from this address/) });
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        // a taken email is no longer answered from that address, and other addresses are not affected
        await register(existing.email).expect(429);
        await register(uniqueEmail(), uniqueIp()).expect(201);
      } finally {
        throttle.registrationsPerIp = original;
      }
    });
  });

  describe('POST /api/auth/refresh', () => {
    it('rotates: the new pair works, and the old refresh token is refused', async () => {
      const patient = await registerPatient(t);
      const first = await t.http.post('/api/auth/refresh').send({ refreshToken: patient.refreshToken }).expect(200);
      expect(first.body).toMatchObject({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        user: { id: patient.id, status: 'active' },
      });
      expect(first.body.refreshToken).not.toBe(patient.refreshToken);
      await t.http.get('/api/auth/me').set('Authorization', `Bearer ${first.body.accessToken}`).expect(200);

      const second = await t.http.post('/api/auth/refresh').send({ refreshToken: first.body.refreshToken }).expect(200);
      expect(second.body.refreshToken).not.toBe(first.body.refreshToken);
    });

    it('treats reuse of a spent refresh token as theft: 401 and the whole family is revoked', async () => {
      const patient = await registerPatient(t);
      const rotated = await t.http.post('/api/auth/refresh').send({ refreshToken: patient.refreshToken }).expect(200);
      const newest = await t.http.post('/api/auth/refresh').send({ refreshToken: rotated.body.refreshToken }).expect(200);

      // Past the few seconds allowed for two tabs refreshing at once, a replay is theft.
      t.clock.advance(11_000);
      const replay = await t.http.post('/api/auth/refresh').send({ refreshToken: patient.refreshToken }).expect(401);
      expect(replay.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
      // the newest token of that family was never used, yet it no longer works
      await t.http.post('/api/auth/refresh').send({ refreshToken: newest.body.refreshToken }).expect(401);

      // another sign-in (another family) of the same user is unaffected
      const other = await signIn(t, patient.email);
      await t.http.post('/api/auth/refresh').send({ refreshToken: other.refreshToken }).expect(200);
    });

    it('lets exactly one of two simultaneous uses of one refresh token succeed', async () => {
      const patient = await registerPatient(t);
      const results = await Promise.all(
        [0, 1].map(() => t.http.post('/api/auth/refresh').send({ refreshToken: patient.refreshToken })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
      // Two tabs racing is not theft: the winner's new token keeps the session alive.
      const winner = results.find((r) => r.status === 200);
      await t.http.post('/api/auth/refresh').send({ refreshToken: winner?.body.refreshToken }).expect(200);
    });

    it('refuses garbage and unknown refresh tokens with 401, and a missing one with 400', async () => {
      await t.http.post('/api/auth/refresh').send({ refreshToken: 'garbage' }).expect(401);
      await t.http
        .post('/api/auth/refresh')
        .send({ refreshToken: `00000000-0000-4000-8000-000000000000.${'a'.repeat(43)}` })
        .expect(401);
      const res = await t.http.post('/api/auth/refresh').send({}).expect(400);
      expect(fieldsOf(res.body)).toEqual(['refreshToken']);
    });

    it('refuses a refresh token whose id part only looks like a UUID with the same 401 as an unknown one', async () => {
      for (const refreshToken of MALFORMED_REFRESH_TOKENS) {
        const res = await t.http.post('/api/auth/refresh').send({ refreshToken });
        expect({ refreshToken, status: res.status }).toEqual({ refreshToken, status: 401 });
        expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
      }
    });
  });

  describe('POST /api/auth/logout', () => {
    it('revokes the refresh token, and the access token stops working at once', async () => {
      const patient = await registerPatient(t);
      await t.http.get('/api/auth/me').set(patient.auth).expect(200);
      await t.http.post('/api/auth/logout').set(patient.auth).send({ refreshToken: patient.refreshToken }).expect(204);
      const res = await t.http.post('/api/auth/refresh').send({ refreshToken: patient.refreshToken }).expect(401);
      expect(res.body.statusCode).toBe(401);
      await t.http.get('/api/auth/me').set(patient.auth).expect(401);
      // signing in again works as usual
      const again = await signIn(t, patient.email);
      await t.http.get('/api/auth/me').set(again.auth).expect(200);
    });

    it('ignores a refresh token whose id part only looks like a UUID, as it does an unknown one', async () => {
      const patient = await registerPatient(t);
      for (const refreshToken of MALFORMED_REFRESH_TOKENS) {
        const res = await t.http.post('/api/auth/logout').set(patient.auth).send({ refreshToken });
        expect({ refreshToken, status: res.status }).toEqual({ refreshToken, status: 204 });
      }
      // nothing of the caller's was ended
      await t.http.get('/api/auth/me').set(patient.auth).expect(200);
      await t.http.post('/api/auth/refresh').send({ refreshToken: patient.refreshToken }).expect(200);
    });

    it('cannot revoke someone else’s refresh token', async () => {
      const mallory = await registerPatient(t);
      const victim = await registerPatient(t);
      await t.http.post('/api/auth/logout').set(mallory.auth).send({ refreshToken: victim.refreshToken }).expect(204);
      await t.http.post('/api/auth/refresh').send({ refreshToken: victim.refreshToken }).expect(200);
    });

    it('requires a signed-in caller', async () => {
      const patient = await registerPatient(t);
      const res = await t.http.post('/api/auth/logout').send({ refreshToken: patient.refreshToken }).expect(401);
      expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
      // and nothing was revoked
      await t.http.post('/api/auth/refresh').send({ refreshToken: patient.refreshToken }).expect(200);
    });
  });

  describe('GET /api/auth/me', () => {
    it('answers the account, without secrets', async () => {
      const patient = await registerPatient(t, { fullName: 'Mary Seacole', phone: '+44 20 7946 0018' });
      const res = await t.http.get('/api/auth/me').set(patient.auth).expect(200);
      expect(res.body).toMatchObject({
        id: patient.id,
        email: patient.email,
        fullName: 'Mary Seacole',
        role: 'patient',
        status: 'active',
        phone: '+44 20 7946 0018',
        statusReason: null,
        specialty: null,
      });
      expect(res.body).not.toHaveProperty('passwordHash');
    });

    it('refuses a suspended user’s still-valid access token at once', async () => {
      const patient = await registerPatient(t);
      await t.http.get('/api/auth/me').set(patient.auth).expect(200);
      await suspend(patient.id);
      const res = await t.http.get('/api/auth/me').set(patient.auth).expect(401);
      expect(res.body.message).toMatch(/suspended/i);
      // and the refresh token is gone too
      await t.http.post('/api/auth/refresh').send({ refreshToken: patient.refreshToken }).expect(401);
    });

    it('refuses anonymous, garbage, forged and expired bearer tokens with 401', async () => {
      const patient = await registerPatient(t);
      const jwt = t.app.get(JwtService);
      const expired = jwt.sign({ sub: patient.id, role: 'patient', exp: Math.floor(Date.now() / 1000) - 60 });
      const forged = new JwtService({ secret: 'x'.repeat(64) }).sign({ sub: patient.id, role: 'admin' });
      const tokens = ['not-a-jwt', 'eyJhbGciOiJIUzI1NiJ9.e30.AAAA', expired, forged];

      const anonymous = await t.http.get('/api/auth/me').expect(401);
      expect(anonymous.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', message: expect.any(String) });
      for (const token of tokens) {
        const res = await t.http.get('/api/auth/me').set('Authorization', `Bearer ${token}`);
        expect({ token, status: res.status }).toEqual({ token, status: 401 });
        expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
      }
      // the same user with a fresh, properly signed token is fine: the refusals were about the tokens
      const valid = jwt.sign({ sub: patient.id, role: 'patient', ver: 0 }, { expiresIn: 60 });
      await t.http.get('/api/auth/me').set('Authorization', `Bearer ${valid}`).expect(200);
    });
  });

  describe('PATCH /api/auth/me', () => {
    /** PATCH /api/auth/me as this account, with this body. */
    function updateMe(account: Session, body: Record<string, unknown>) {
      return t.http.patch('/api/auth/me').set(account.auth).send(body);
    }

    it('changes own name and phone, and clears the phone with null', async () => {
      const patient = await registerPatient(t, { fullName: 'Old Name' });
      const res = await updateMe(patient, { fullName: '  Florence Nightingale ', phone: '+44 20 7946 0999' }).expect(200);
      expect(res.body).toMatchObject({ id: patient.id, fullName: 'Florence Nightingale', phone: '+44 20 7946 0999' });
      const me = await t.http.get('/api/auth/me').set(patient.auth).expect(200);
      expect(me.body).toMatchObject({ fullName: 'Florence Nightingale', phone: '+44 20 7946 0999' });

      const cleared = await updateMe(patient, { phone: null }).expect(200);
      expect(cleared.body).toMatchObject({ fullName: 'Florence Nightingale', phone: null });
    });

    it('answers 400 per field for a bad name or phone, changing nothing', async () => {
      const patient = await registerPatient(t, { fullName: 'Kept Name' });
      const res = await updateMe(patient, { fullName: 'A', phone: 'call me maybe' }).expect(400);
      expect(fieldsOf(res.body).sort()).toEqual(['fullName', 'phone']);
      const refused = await updateMe(patient, { role: 'admin' }).expect(400);
      expect(fieldsOf(refused.body)).toEqual(['role']);
      const me = await t.http.get('/api/auth/me').set(patient.auth).expect(200);
      expect(me.body).toMatchObject({ fullName: 'Kept Name', role: 'patient' });
    });

    it('requires a signed-in caller', async () => {
      await t.http.patch('/api/auth/me').send({ fullName: 'Nobody' }).expect(401);
    });
  });

  describe('POST /api/auth/password', () => {
    async function twoSessions(): Promise<[Session, Session]> {
      const first = await registerPatient(t, { fullName: 'Rosalind Franklin' });
      const second = await signIn(t, first.email);
      return [first, second];
    }

    let sockets: Socket[] = [];
    afterEach(() => {
      for (const socket of sockets) socket.disconnect();
      sockets = [];
    });

    /** A browser's live connection signed in with this access token. */
    async function connect(accessToken: string): Promise<Socket> {
      const socket = io(t.url, { path: '/socket.io', transports: ['websocket'], auth: { token: accessToken }, reconnection: false, forceNew: true });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      return socket;
    }

    /** Why the server closed this socket; fails if it stays open. */
    function disconnection(socket: Socket): Promise<string> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the socket is still connected')), 10_000);
        socket.once('disconnect', (reason: string) => {
          clearTimeout(timer);
          resolve(reason);
        });
      });
    }

    it('refuses a wrong current password with 400 on currentPassword', async () => {
      const [session] = await twoSessions();
      const res = await t.http
        .post('/api/auth/password')
        .set(session.auth)
        .send({ currentPassword: 'not-my-password-1', newPassword: NEW_PASSWORD })
        .expect(400);
      expect(res.body.details).toEqual([{ field: 'currentPassword', message: expect.any(String) }]);
      await signIn(t, session.email, STRONG_PASSWORD);
    });

    it.each([
      ['too short', 'Short-1'],
      ['common', 'Password2026!!'],
      ['built on the name', 'Franklin-Helix-1953'],
    ])('refuses a %s new password with 400 on newPassword', async (_label, newPassword) => {
      const [session] = await twoSessions();
      const res = await t.http
        .post('/api/auth/password')
        .set(session.auth)
        .send({ currentPassword: STRONG_PASSWORD, newPassword })
        .expect(400);
      expect(res.body.details).toEqual([{ field: 'newPassword', message: expect.any(String) }]);
    });

    it('changes the password: every session ends at once, this device carries on with a new one', async () => {
      const [session, other] = await twoSessions();
      const res = await t.http
        .post('/api/auth/password')
        .set(session.auth)
        .send({ currentPassword: STRONG_PASSWORD, newPassword: NEW_PASSWORD })
        .expect(200);
      expect(res.body).toMatchObject({ accessToken: expect.any(String), refreshToken: expect.any(String), user: { id: session.id } });

      // access tokens issued before stop working at once, on this device and the other
      await t.http.get('/api/auth/me').set(session.auth).expect(401);
      await t.http.get('/api/auth/me').set(other.auth).expect(401);
      await t.http.post('/api/auth/refresh').send({ refreshToken: other.refreshToken }).expect(401);
      await t.http.post('/api/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
      // the answer's session works
      await t.http.get('/api/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
      await t.http.post('/api/auth/refresh').send({ refreshToken: res.body.refreshToken }).expect(200);

      await login(session.email, STRONG_PASSWORD).expect(401);
      const fresh = await login(session.email, NEW_PASSWORD).expect(200);
      expect(fresh.body.user.id).toBe(session.id);
    });

    it('closes the open sockets of every session, so none goes on hearing the account’s events; the new session connects', async () => {
      const [session, other] = await twoSessions();
      const closed = Promise.all([disconnection(await connect(session.accessToken)), disconnection(await connect(other.accessToken))]);
      const res = await t.http
        .post('/api/auth/password')
        .set(session.auth)
        .send({ currentPassword: STRONG_PASSWORD, newPassword: NEW_PASSWORD })
        .expect(200);
      expect(await closed).toEqual(['io server disconnect', 'io server disconnect']);
      await expect(connect(other.accessToken)).rejects.toThrow('unauthorized');
      expect((await connect(res.body.accessToken as string)).connected).toBe(true);
    });

    it('requires a signed-in caller', async () => {
      await t.http
        .post('/api/auth/password')
        .send({ currentPassword: STRONG_PASSWORD, newPassword: NEW_PASSWORD })
        .expect(401);
    });
  });
});
