import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { DEMO_DOCTORS, DEMO_PATIENTS } from './demo-data';
import { demoPortrait } from './demo-portraits';

const distinct = (values: string[]) => new Set(values).size === values.length;

describe('demo clinic data', () => {
  describe('demoPortrait', () => {
    const portraits = DEMO_DOCTORS.map((doctor) => demoPortrait(doctor.email, doctor.portrait));

    it('draws every demo doctor a portrait of their own', () => {
      expect(portraits).toHaveLength(DEMO_DOCTORS.length);
      expect(distinct(portraits)).toBe(true);
      // not only the seed: the looks themselves differ (hair, skin, clothes or background)
      expect(distinct(DEMO_DOCTORS.map((doctor) => JSON.stringify(doctor.portrait)))).toBe(true);
      expect(distinct(DEMO_DOCTORS.map((doctor) => doctor.portrait.background))).toBe(true);
    });

    it('draws the same portrait for the same doctor on every run', () => {
      const doctor = DEMO_DOCTORS[0];
      expect(demoPortrait(doctor.email, doctor.portrait)).toBe(portraits[0]);
    });

    it('makes a self-contained square SVG: its background, no scripts, nothing fetched from elsewhere', () => {
      for (const svg of portraits) {
        expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
        expect(svg).toMatch(/viewBox="0 0 (\d+) \1"/);
        expect(svg).not.toMatch(/<script|on[a-z]+=|<image|<foreignObject|href="http/i);
      }
      expect(portraits[0]).toContain(DEMO_DOCTORS[0].portrait.background.slice(1));
      // the artwork's licence travels with it
      expect(portraits[0]).toContain('Pablo Stanley');
    });
  });

  describe('contact details', () => {
    const e164 = (phone: string) => parsePhoneNumberFromString(phone)?.isValid() === true && parsePhoneNumberFromString(phone)?.number === phone;

    it('gives every doctor and patient numbers of their own, valid and in E.164', () => {
      const numbers = [
        ...DEMO_DOCTORS.flatMap((doctor) => [doctor.phone, doctor.contactPhone]),
        ...DEMO_PATIENTS.map((patient) => patient.phone),
      ];
      expect(numbers.filter((phone) => !e164(phone))).toEqual([]);
      expect(distinct(numbers)).toBe(true);
    });

    it('gives every doctor and patient email addresses of their own, under the reserved .test domain', () => {
      const emails = [...DEMO_DOCTORS.flatMap((doctor) => [doctor.email, doctor.contactEmail]), ...DEMO_PATIENTS.map((patient) => patient.email)];
      expect(distinct(emails.map((email) => email.toLowerCase()))).toBe(true);
      expect(emails.filter((email) => !/^[a-z.]+@carebook\.test$/.test(email))).toEqual([]);
    });
  });
});
