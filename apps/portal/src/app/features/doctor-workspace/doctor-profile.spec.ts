import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { provideRouter } from '@angular/router';
import { of } from 'rxjs';
import type { MyDoctorProfile } from '../../core/api-types';
import { DoctorProfile } from './doctor-profile';
import { apiError, apiTesting, findByTestId, myDoctorProfile } from '../../testing/fixtures';

const PROFILE: MyDoctorProfile = myDoctorProfile();
/** The doctor's account: their own phone lives there, not on the profile. */
const ACCOUNT = {
  id: PROFILE.id,
  email: 'amara@example.com',
  fullName: PROFILE.fullName,
  role: 'doctor',
  status: 'active',
  statusReason: null,
  phone: '+44 7700 900001',
  dateOfBirth: null,
  gender: null,
  specialty: 'Cardiology',
  createdAt: '2026-01-10T09:00:00.000Z',
};

describe('DoctorProfile', () => {
  let fixture: ComponentFixture<DoctorProfile>;
  let http: HttpTestingController;
  let page: HTMLElement;

  async function open(profile: MyDoctorProfile = PROFILE): Promise<void> {
    fixture = TestBed.createComponent(DoctorProfile);
    page = fixture.nativeElement as HTMLElement;
    TestBed.tick();
    http.expectOne('/api/doctors/me').flush(profile);
    http.expectOne('/api/auth/me').flush(ACCOUNT);
    http.expectOne('/api/specialties').flush([
      { id: 's1', name: 'Cardiology' },
      { id: 's2', name: 'Dermatology' },
    ]);
    // With a photo, the page stays busy until the spec answers its request.
    if (profile.photoUrl) await settle();
    else await fixture.whenStable();
  }

  /** Lets effects and resources start their requests while one is still open (whenStable would wait). */
  async function settle(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      TestBed.tick();
      await new Promise((resolve) => setTimeout(resolve));
    }
  }

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [DoctorProfile],
      providers: [provideRouter([]), ...apiTesting()],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
  });

  const byTestId = <T extends HTMLElement>(id: string) => findByTestId<T>(page, id);

  async function type(id: string, value: string): Promise<void> {
    const input = byTestId<HTMLInputElement | HTMLTextAreaElement>(id);
    input.value = value;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('blur'));
    await fixture.whenStable();
  }

  const fieldError = (id: string) =>
    byTestId(id).closest('mat-form-field')?.querySelector('mat-error')?.textContent?.trim();

  it('fills the form from the profile, with Save off until something changes', async () => {
    await open();
    expect(byTestId<HTMLInputElement>('fullName').value).toBe('Dr Amara Okafor');
    expect(byTestId<HTMLInputElement>('location').value).toBe('Central Clinic, London');
    expect(byTestId('initials').textContent?.trim()).toBe('AO');
    expect(byTestId<HTMLButtonElement>('save').disabled).toBe(true);
    expect(page.querySelector('[data-testid="pending-note"]')).toBeNull();
  });

  it('tells a pending doctor that patients find them once approved', async () => {
    await open({ ...PROFILE, status: 'pending' });
    expect(byTestId('pending-note').textContent).toContain('once an administrator approves it');
  });

  it('PATCHes only the fields that changed', async () => {
    await open();
    await type('location', 'North Wing, Central Clinic');
    await type('contactPhone', '+44 20 7946 0018');
    byTestId<HTMLButtonElement>('save').click();
    await fixture.whenStable();

    const request = http.expectOne('/api/doctors/me');
    expect(request.request.method).toBe('PATCH');
    expect(request.request.body).toEqual({ location: 'North Wing, Central Clinic', contactPhone: '+44 20 7946 0018' });
    request.flush({ ...PROFILE, location: 'North Wing, Central Clinic', contactPhone: '+44 20 7946 0018' });
    await fixture.whenStable();
    expect(byTestId<HTMLButtonElement>('save').disabled).toBe(true);
  });

  it('sends nothing when the edits leave the profile as it was', async () => {
    await open();
    await type('location', 'Central Clinic, London ');
    expect(byTestId<HTMLButtonElement>('save').disabled).toBe(false);
    byTestId<HTMLButtonElement>('save').click();
    await fixture.whenStable();
    http.expectNone('/api/doctors/me');
    expect(byTestId<HTMLButtonElement>('save').disabled).toBe(true);
  });

  it('edits the name and the doctor’s own phone in one place, sending the phone to the account', async () => {
    await open();
    expect(byTestId<HTMLInputElement>('phone').value).toBe('+44 7700 900001');
    await type('fullName', 'Dr Amara N. Okafor');
    await type('phone', '+44 7700 900002');
    byTestId<HTMLButtonElement>('save').click();
    await fixture.whenStable();

    const profile = http.expectOne('/api/doctors/me');
    expect(profile.request.method).toBe('PATCH');
    expect(profile.request.body).toEqual({ fullName: 'Dr Amara N. Okafor' });
    profile.flush({ ...PROFILE, fullName: 'Dr Amara N. Okafor' });
    await fixture.whenStable();
    const account = http.expectOne('/api/auth/me');
    expect(account.request.method).toBe('PATCH');
    expect(account.request.body).toEqual({ phone: '+44 7700 900002' });
    account.flush({ ...ACCOUNT, fullName: 'Dr Amara N. Okafor', phone: '+44 7700 900002' });
    await fixture.whenStable();
    expect(byTestId<HTMLInputElement>('phone').value).toBe('+44 7700 900002');
    expect(byTestId<HTMLButtonElement>('save').disabled).toBe(true);
  });

  it('sends only the phone when only the phone changed, and clears it as null', async () => {
    await open();
    await type('phone', '');
    byTestId<HTMLButtonElement>('save').click();
    await fixture.whenStable();
    http.expectNone({ method: 'PATCH', url: '/api/doctors/me' });
    const account = http.expectOne('/api/auth/me');
    expect(account.request.body).toEqual({ phone: null });
    account.flush({ ...ACCOUNT, phone: null });
    await fixture.whenStable();
  });

  it('shows the account’s refusal of the phone on the phone field', async () => {
    await open();
    await type('phone', '+44 7700 900003');
    byTestId<HTMLButtonElement>('save').click();
    await fixture.whenStable();
    http.expectOne('/api/auth/me').flush(...apiError(400, 'Validation failed', [{ field: 'phone', message: 'must be a phone number' }]));
    await fixture.whenStable();
    expect(fieldError('phone')).toBe('must be a phone number');
  });

  it('shows a server field error on its field', async () => {
    await open();
    await type('contactEmail', 'reception@example.com');
    byTestId<HTMLButtonElement>('save').click();
    await fixture.whenStable();

    http.expectOne('/api/doctors/me').flush(...apiError(400, 'Validation failed', [{ field: 'contactEmail', message: 'must be an email' }]));
    await fixture.whenStable();
    expect(fieldError('contactEmail')).toBe('must be an email');
    expect(page.querySelector('[data-testid="form-error"]')).toBeNull();
  });

  it('keeps Save off while the form is invalid', async () => {
    await open();
    await type('bio', 'x'.repeat(2001));
    expect(fieldError('bio')).toBe('Use at most 2000 characters');
    expect(byTestId<HTMLButtonElement>('save').disabled).toBe(true);
  });

  it('refuses a photo that is too large before uploading it', async () => {
    await open();
    const input = byTestId<HTMLInputElement>('photo-input');
    const file = new File([new Uint8Array(3 * 1024 * 1024)], 'me.jpg', { type: 'image/jpeg' });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change'));
    await fixture.whenStable();

    expect(byTestId('photo-error').textContent).toContain('at most 2 MB');
    http.expectNone('/api/doctors/me/photo');
  });

  it('shows the server’s answer when it refuses a photo', async () => {
    await open();
    const input = byTestId<HTMLInputElement>('photo-input');
    const file = new File([new Uint8Array([1, 2, 3])], 'me.png', { type: 'image/png' });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change'));
    TestBed.tick();

    const request = http.expectOne('/api/doctors/me/photo');
    expect(request.request.method).toBe('PUT');
    expect((request.request.body as FormData).get('photo')).toBeInstanceOf(File);
    request.flush(...apiError(415, 'The photo must be a JPEG, PNG or WebP image'));
    await fixture.whenStable();
    expect(byTestId('photo-error').textContent?.trim()).toBe('The photo must be a JPEG, PNG or WebP image');
  });

  describe('own photo', () => {
    const PHOTO = '/api/doctors/d1/photo?v=1';
    let created: string[];
    let revoked: string[];
    const originalCreate = URL.createObjectURL;
    const originalRevoke = URL.revokeObjectURL;

    beforeEach(() => {
      created = [];
      revoked = [];
      URL.createObjectURL = (): string => {
        const url = `blob:photo-${created.length + 1}`;
        created.push(url);
        return url;
      };
      URL.revokeObjectURL = (url: string): void => void revoked.push(url);
    });

    afterEach(() => {
      fixture.destroy(); // revokes through the stand-in below
      URL.createObjectURL = originalCreate;
      URL.revokeObjectURL = originalRevoke;
    });

    async function answerPhoto(): Promise<void> {
      const request = http.expectOne('/api/doctors/me/photo');
      expect(request.request.method).toBe('GET');
      expect(request.request.responseType).toBe('blob');
      request.flush(new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }));
      await fixture.whenStable();
    }

    async function upload(): Promise<void> {
      const input = byTestId<HTMLInputElement>('photo-input');
      const file = new File([new Uint8Array([4, 5, 6])], 'me.png', { type: 'image/png' });
      Object.defineProperty(input, 'files', { value: [file], configurable: true });
      input.dispatchEvent(new Event('change'));
      await settle();
    }

    it('shows a pending doctor their photo from the authenticated endpoint, not the public URL', async () => {
      await open({ ...PROFILE, status: 'pending', photoUrl: PHOTO });
      await answerPhoto();
      expect(byTestId<HTMLImageElement>('photo').getAttribute('src')).toBe('blob:photo-1');
      http.expectNone(PHOTO);
    });

    it('keeps the initials when there is no photo, and asks for none', async () => {
      await open();
      http.expectNone('/api/doctors/me/photo');
      expect(byTestId('initials').textContent?.trim()).toBe('AO');
    });

    it('keeps the initials when the photo is not found', async () => {
      await open({ ...PROFILE, photoUrl: PHOTO });
      http
        .expectOne('/api/doctors/me/photo')
        .flush(null, { status: 404, statusText: 'Not Found' });
      await fixture.whenStable();
      expect(page.querySelector('[data-testid="photo"]')).toBeNull();
      expect(byTestId('initials').textContent?.trim()).toBe('AO');
    });

    it('fetches the new photo after an upload and revokes the old one', async () => {
      await open({ ...PROFILE, status: 'pending', photoUrl: PHOTO });
      await answerPhoto();

      await upload();
      const put = http.expectOne((req) => req.method === 'PUT' && req.url === '/api/doctors/me/photo');
      put.flush({ ...PROFILE, status: 'pending', photoUrl: '/api/doctors/d1/photo?v=2' });
      await settle();
      expect(revoked).toEqual(['blob:photo-1']);

      await answerPhoto();
      expect(byTestId<HTMLImageElement>('photo').getAttribute('src')).toBe('blob:photo-2');
    });

    it('fetches the photo again when an upload keeps the same URL', async () => {
      await open({ ...PROFILE, photoUrl: PHOTO });
      await answerPhoto();

      await upload();
      http.expectOne((req) => req.method === 'PUT' && req.url === '/api/doctors/me/photo').flush({ ...PROFILE, photoUrl: PHOTO });
      await settle();

      await answerPhoto();
      expect(revoked).toEqual(['blob:photo-1']);
      expect(byTestId<HTMLImageElement>('photo').getAttribute('src')).toBe('blob:photo-2');
    });

    it('falls back to the initials after removing the photo, and revokes it', async () => {
      await open({ ...PROFILE, photoUrl: PHOTO });
      await answerPhoto();
      jest.spyOn(TestBed.inject(MatDialog), 'open').mockReturnValue({ afterClosed: () => of(true) });

      byTestId<HTMLButtonElement>('remove-photo').click();
      await settle();
      const remove = http.expectOne((req) => req.method === 'DELETE' && req.url === '/api/doctors/me/photo');
      remove.flush({ ...PROFILE, photoUrl: null });
      await fixture.whenStable();

      http.expectNone('/api/doctors/me/photo');
      expect(revoked).toEqual(['blob:photo-1']);
      expect(byTestId('initials').textContent?.trim()).toBe('AO');
    });

    it('revokes the photo when the page goes away', async () => {
      await open({ ...PROFILE, photoUrl: PHOTO });
      await answerPhoto();
      fixture.destroy();
      expect(revoked).toEqual(['blob:photo-1']);
    });
  });
});
