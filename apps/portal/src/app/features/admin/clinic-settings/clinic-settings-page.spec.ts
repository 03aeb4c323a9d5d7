import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { ClinicSettings } from '../../../core/api-types';
import { ClinicSettingsPage } from './clinic-settings-page';
import { setClinicLocale } from '../../../shared/clinic-time';
import { CLINIC_INFO, apiError, apiTesting, clinicSettings, findByTestId } from '../../../testing/fixtures';

const SETTINGS: ClinicSettings = clinicSettings();

describe('ClinicSettingsPage', () => {
  let fixture: ComponentFixture<ClinicSettingsPage>;
  let http: HttpTestingController;
  let page: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [ClinicSettingsPage],
      providers: [provideRouter([]), ...apiTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ClinicSettingsPage);
    page = fixture.nativeElement as HTMLElement;
    // Resources ask once their effects have run; the page is only stable once they are answered.
    TestBed.tick();
    http.expectOne('/api/admin/settings').flush(SETTINGS);
    http.expectOne('/api/admin/settings/history').flush([]);
    http.expectOne('/api/admin/holidays').flush([]);
    http.match('/api/clinic').forEach((request) => request.flush({}));
    await fixture.whenStable();
  });

  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
    setClinicLocale({ locale: 'en-GB', hourCycle: 'h23' });
  });

  /** Opens a select and picks the option with this text. */
  async function choose(id: string, option: string): Promise<void> {
    byTestId(id).click();
    await fixture.whenStable();
    const match = [...document.querySelectorAll<HTMLElement>('mat-option')].find((o) => o.textContent?.trim() === option);
    if (!match) throw new Error(`No option ${option}`);
    match.click();
    await fixture.whenStable();
  }

  const byTestId = <T extends HTMLElement>(id: string) => findByTestId<T>(page, id);

  function type(id: string, value: string): void {
    const input = byTestId<HTMLInputElement>(id);
    input.value = value;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('blur'));
  }

  function fieldError(id: string): string | undefined {
    return byTestId(id).closest('mat-form-field')?.querySelector('mat-error')?.textContent?.trim();
  }

  it('shows the saved settings, with Save and Discard off until something changes', async () => {
    expect(byTestId<HTMLInputElement>('clinic-name').value).toBe('Carebook Clinic');
    expect(byTestId<HTMLInputElement>('start-6-0').value).toBe('09:00');
    expect(byTestId<HTMLButtonElement>('save').disabled).toBe(true);

    type('slot-minutes', '45');
    await fixture.whenStable();
    expect(byTestId<HTMLButtonElement>('save').disabled).toBe(false);

    byTestId('discard').click();
    await fixture.whenStable();
    expect(byTestId<HTMLInputElement>('slot-minutes').value).toBe('30');
    expect(byTestId<HTMLButtonElement>('save').disabled).toBe(true);
  });

  it('puts the whole object and shows the server’s field errors at their fields', async () => {
    type('slot-minutes', '45');
    await fixture.whenStable();
    byTestId('save').click();
    await fixture.whenStable();

    const request = http.expectOne({ method: 'PUT', url: '/api/admin/settings' });
    expect(request.request.body).toEqual({
      clinicName: 'Carebook Clinic',
      timezone: 'Europe/London',
      locale: 'en-GB',
      hourCycle: 'h23',
      workingHours: SETTINGS.workingHours,
      slotMinutes: 45,
      minNoticeMinutes: 120,
      bookingHorizonDays: 90,
      cancellationWindowHours: 24,
      pendingExpiryHours: 48,
      reminderOffsetsMinutes: [1440, 60],
    });
    request.flush(
      ...apiError(400, 'Validation failed', [
        { field: 'timezone', message: 'must be an IANA timezone such as Europe/London' },
        // The sixth window sent is Saturday's only one.
        { field: 'workingHours.5.end', message: 'must be a time of day as HH:mm (24:00 for midnight)' },
      ]),
    );
    await fixture.whenStable();

    expect(fieldError('timezone')).toBe('Must be an IANA timezone such as Europe/London');
    expect(byTestId('problem-6-0').textContent?.trim()).toBe('Must be a time of day as HH:mm (24:00 for midnight)');
    expect(page.querySelector('[data-testid="problem-1-0"]')).toBeNull();
    expect(byTestId('form-error').textContent).toContain('need attention');
  });

  it('checks windows as the admin types, before asking the server', async () => {
    byTestId<HTMLButtonElement>('day-1').querySelector<HTMLButtonElement>('button.add')?.click();
    await fixture.whenStable();
    type('start-1-1', '11:00');
    type('end-1-1', '14:00');
    await fixture.whenStable();

    expect(byTestId('problem-1-1').textContent?.trim()).toBe('Overlaps 08:00–18:00');
    byTestId('save').click();
    await fixture.whenStable();
    http.expectNone({ method: 'PUT', url: '/api/admin/settings' });
  });

  it('after saving shows who changed it and reloads the history', async () => {
    type('clinic-name', 'Riverside Clinic');
    await fixture.whenStable();
    byTestId('save').click();
    await fixture.whenStable();
    http
      .expectOne({ method: 'PUT', url: '/api/admin/settings' })
      .flush({ ...SETTINGS, clinicName: 'Riverside Clinic', updatedAt: '2026-11-23T09:30:00.000Z', updatedBy: 'Ada Admin' });
    TestBed.tick();
    http.expectOne('/api/admin/settings/history').flush([
      { at: '2026-11-23T09:30:00.000Z', by: 'Ada Admin', changes: [{ field: 'clinicName', from: 'Carebook Clinic', to: 'Riverside Clinic' }] },
    ]);
    http.match('/api/clinic').forEach((request) => request.flush({}));
    await fixture.whenStable();

    expect(byTestId('last-changed').textContent).toContain('Last changed by Ada Admin');
    expect(page.textContent).toContain('Clinic name:');
    expect(byTestId<HTMLButtonElement>('save').disabled).toBe(true);
  });

  it('offers the clinic’s language and clock, shows what they write before saving, and sends them', async () => {
    const sample = () => byTestId('format-sample').textContent?.replace(/[\u202f\u00a0]/g, ' ') ?? '';
    expect(sample()).toMatch(/Monday,? 7 December 2026 at 14:30/);

    await choose('locale', 'English (United States)');
    await choose('hour-cycle', '12-hour (2:30 PM)');
    expect(sample()).toContain('Monday, December 7, 2026 at 2:30 PM');

    byTestId('save').click();
    await fixture.whenStable();
    const request = http.expectOne({ method: 'PUT', url: '/api/admin/settings' });
    expect(request.request.body).toMatchObject({ locale: 'en-US', hourCycle: 'h12' });
    request.flush({ ...SETTINGS, locale: 'en-US', hourCycle: 'h12', updatedAt: '2026-11-23T14:30:00.000Z' });
    TestBed.tick();
    http
      .expectOne('/api/admin/settings/history')
      .flush([{ at: '2026-11-23T14:30:00.000Z', by: 'Ada Admin', changes: [{ field: 'locale', from: 'en-GB', to: 'en-US' }] }]);
    // The portal reloads the clinic: from then on it writes every date the new way.
    http.expectOne('/api/clinic').flush({ ...CLINIC_INFO, locale: 'en-US', hourCycle: 'h12' });
    await fixture.whenStable();
    expect(byTestId('last-changed').textContent?.replace(/\u202f/g, ' ')).toContain('Nov 23, 2026, 2:30 PM');
  });

  it('never shows "Last changed" beside "No changes yet", even when the settings row names an author', () => {
    // SETTINGS carries updatedBy "Clinic Administrator"; the history answered empty.
    expect(SETTINGS.updatedBy).toBeTruthy();
    expect(page.textContent).toContain('No changes yet');
    expect(page.querySelector('[data-testid="last-changed"]')).toBeNull();
    expect(page.textContent).not.toContain('Last changed');
  });
});
