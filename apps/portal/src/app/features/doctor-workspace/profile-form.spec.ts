import { FormControl } from '@angular/forms';
import type { MyDoctorProfile } from '../../core/api-types';
import { changedFields, languagesValidator, photoProblem, profileToForm } from './profile-form';
import { myDoctorProfile } from '../../testing/fixtures';

const saved: MyDoctorProfile = myDoctorProfile({ email: 'amara@example.com', licenseNumber: 'GMC-1', contactEmail: 'reception@example.com' });

describe('changedFields (PATCH only what changed)', () => {
  it('sends nothing for an untouched form', () => {
    expect(changedFields(saved, profileToForm(saved))).toEqual({});
  });

  it('sends only the fields that differ', () => {
    const value = { ...profileToForm(saved), location: 'North Wing', experienceYears: 15 };
    expect(changedFields(saved, value)).toEqual({ location: 'North Wing', experienceYears: 15 });
  });

  it('ignores edits that only add surrounding spaces', () => {
    const value = { ...profileToForm(saved), fullName: '  Dr Amara Okafor ', bio: 'Consultant cardiologist. ' };
    expect(changedFields(saved, value)).toEqual({});
  });

  it('clears optional text as null and trims what is sent', () => {
    const value = { ...profileToForm(saved), location: '   ', contactPhone: ' +44 20 7946 0018 ' };
    expect(changedFields(saved, value)).toEqual({ location: null, contactPhone: '+44 20 7946 0018' });
  });

  it('clears the years of experience as null', () => {
    expect(changedFields(saved, { ...profileToForm(saved), experienceYears: null })).toEqual({ experienceYears: null });
  });

  it('sends the whole language list when one is added, removed or moved', () => {
    const base = profileToForm(saved);
    expect(changedFields(saved, { ...base, languages: ['English', 'Igbo', 'French'] })).toEqual({
      languages: ['English', 'Igbo', 'French'],
    });
    expect(changedFields(saved, { ...base, languages: ['Igbo', 'English'] })).toEqual({ languages: ['Igbo', 'English'] });
  });

  it('sends consultation types as the ticked ones, in the API’s order', () => {
    const value = { ...profileToForm(saved), consultationTypes: { in_person: false, video: true } };
    expect(changedFields(saved, value)).toEqual({ consultationTypes: ['video'] });
    const reordered: MyDoctorProfile = { ...saved, consultationTypes: ['video', 'in_person'] };
    expect(changedFields(reordered, profileToForm(reordered))).toEqual({});
  });

  it('lower-cases the contact email as the API stores it, so case alone is no change', () => {
    expect(changedFields(saved, { ...profileToForm(saved), contactEmail: 'Reception@Example.com' })).toEqual({});
  });
});

describe('languagesValidator', () => {
  const check = (languages: string[]) => languagesValidator(new FormControl(languages));

  it('accepts up to ten distinct languages of 2–40 characters', () => {
    expect(check([])).toBeNull();
    expect(check(['English', 'French', 'Igbo'])).toBeNull();
    expect(check(Array.from({ length: 10 }, (_, i) => `Language ${i}`))).toBeNull();
  });

  it('refuses what the API refuses', () => {
    expect(check(Array.from({ length: 11 }, (_, i) => `Language ${i}`))).toEqual({ languages: 'List at most 10 languages' });
    expect(check(['E'])).toEqual({ languages: 'Each language must be 2–40 characters' });
    expect(check(['English', 'english '])).toEqual({ languages: 'english is listed twice' });
  });
});

describe('photoProblem', () => {
  it('accepts JPEG, PNG and WebP up to 2 MB', () => {
    expect(photoProblem({ type: 'image/jpeg', size: 2 * 1024 * 1024 })).toBeNull();
    expect(photoProblem({ type: 'image/webp', size: 1000 })).toBeNull();
  });

  it('refuses other types and larger files before uploading', () => {
    expect(photoProblem({ type: 'image/gif', size: 1000 })).toBe('Choose a JPEG, PNG or WebP image');
    expect(photoProblem({ type: 'application/pdf', size: 1000 })).toBe('Choose a JPEG, PNG or WebP image');
    expect(photoProblem({ type: 'image/png', size: 3.4 * 1024 * 1024 })).toBe(
      'The photo must be at most 2 MB; this one is 3.4 MB',
    );
  });
});
