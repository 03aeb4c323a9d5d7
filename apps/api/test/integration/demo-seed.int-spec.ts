import { jest } from '@jest/globals';
import { createTestApp, type TestApp } from '../support/test-app';
import { signIn, signInAdmin } from '../support/accounts';
import { DEMO_DOCTORS, DEMO_PASSWORD, DEMO_PATIENTS } from '../../src/database/seeders/demo-data';
import type { DoctorPage, DoctorProfile } from './scheduling-fixtures';

jest.setTimeout(120_000);

const E164 = /^\+[1-9]\d{7,14}$/;
const distinct = (values: unknown[]) => new Set(values).size === values.length;

/** The demo clinic as `npm start` seeds it on an empty database (SEED_DEMO), read back through the API. */
describe('demo clinic seed (HTTP, real PostgreSQL)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ SEED_DEMO: 'true' });
  });
  afterAll(() => t?.close());

  const bookable = DEMO_DOCTORS.filter((doctor) => doctor.status === 'active');

  it('gives every approved demo doctor a portrait of their own, served like an uploaded photo', async () => {
    const page = (await t.http.get('/api/doctors').query({ pageSize: 100 }).expect(200)).body as DoctorPage;
    expect(page.items.map((d) => d.fullName).sort()).toEqual(bookable.map((d) => d.fullName).sort());
    const bodies: string[] = [];
    for (const doctor of page.items) {
      expect(doctor.photoUrl).toMatch(new RegExp(`^/api/doctors/${doctor.id}/photo\\?v=[0-9a-f]{12}$`));
      const res = await t.http.get(doctor.photoUrl ?? '').buffer(true).parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (chunk: Buffer) => chunks.push(chunk));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('image/svg+xml');
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.headers['content-security-policy']).toContain('sandbox');
      const svg = (res.body as Buffer).toString('utf8');
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).not.toMatch(/<script/i);
      bodies.push(svg);
    }
    expect(distinct(bodies)).toBe(true);
    expect(distinct(page.items.map((d) => d.photoUrl))).toBe(true);
  });

  it('gives every demo doctor distinct contact details in E.164 and every account its own phone', async () => {
    const page = (await t.http.get('/api/doctors').query({ pageSize: 100 }).expect(200)).body as DoctorPage;
    const profiles = await Promise.all(
      page.items.map(async (d) => (await t.http.get(`/api/doctors/${d.id}`).expect(200)).body as DoctorProfile),
    );
    const phones = profiles.map((p) => p.contactPhone);
    const emails = profiles.map((p) => p.contactEmail);
    expect(phones.filter((phone) => !E164.test(phone ?? ''))).toEqual([]);
    expect(distinct(phones)).toBe(true);
    expect(distinct(emails)).toBe(true);

    const admin = await signInAdmin(t);
    const users = (await t.http.get('/api/admin/users').query({ pageSize: 100 }).set(admin.auth).expect(200)).body as {
      items: { email: string; phone: string | null }[];
    };
    const demoEmails = new Set([...DEMO_DOCTORS, ...DEMO_PATIENTS].map((person) => person.email));
    const demoAccounts = users.items.filter((user) => demoEmails.has(user.email));
    expect(demoAccounts).toHaveLength(demoEmails.size);
    expect(demoAccounts.filter((user) => !E164.test(user.phone ?? ''))).toEqual([]);
    expect(distinct(demoAccounts.map((user) => user.phone))).toBe(true);
  });

  it('lets a demo patient see the top doctors, the ones with completed visits first', async () => {
    const patient = await signIn(t, DEMO_PATIENTS[0].email, DEMO_PASSWORD);
    const list = (await t.http.get('/api/doctors/top').query({ limit: 8 }).set(patient.auth).expect(200)).body as {
      fullName: string;
      completedVisits: number;
      photoUrl: string | null;
    }[];
    expect(list).toHaveLength(bookable.length);
    const counts = list.map((d) => d.completedVisits);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(counts[0]).toBeGreaterThan(0);
    expect(list.every((d) => d.photoUrl !== null)).toBe(true);
  });
});
