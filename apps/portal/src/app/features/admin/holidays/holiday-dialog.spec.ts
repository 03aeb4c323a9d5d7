import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { HolidayDialog } from './holiday-dialog';
import { apiError, dialogTesting } from '../../../testing/fixtures';
import { clinicLoaded } from '../../../testing/spec-steps';

describe('HolidayDialog', () => {
  let fixture: ComponentFixture<HolidayDialog>;
  let http: HttpTestingController;
  let page: HTMLElement;
  const close = jest.fn();

  beforeEach(async () => {
    close.mockReset();
    TestBed.configureTestingModule({
      imports: [HolidayDialog],
      providers: dialogTesting({ startAt: '2026-11-23' }, close),
    });
    http = TestBed.inject(HttpTestingController);
    clinicLoaded(http);
    fixture = TestBed.createComponent(HolidayDialog);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
  });

  function type(id: string, value: string): void {
    const input = page.querySelector<HTMLInputElement>(`[data-testid="${id}"]`);
    if (!input) throw new Error(`No ${id}`);
    input.value = value;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('blur'));
  }

  async function submit(): Promise<void> {
    page.querySelector('form')?.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
  }

  it('creates the holiday on the chosen calendar day and closes with it', async () => {
    type('holiday-date', '2026-12-24');
    type('holiday-name', '  Christmas Eve ');
    await submit();
    const request = http.expectOne({ method: 'POST', url: '/api/admin/holidays' });
    expect(request.request.body).toEqual({ date: '2026-12-24', name: 'Christmas Eve', recurring: false });
    const created = { id: 'h1', date: '2026-12-24', name: 'Christmas Eve', recurring: false };
    request.flush(created);
    expect(close).toHaveBeenCalledWith(created);
  });

  it('shows a taken date on the date field and stays open', async () => {
    type('holiday-date', '2026-12-25');
    type('holiday-name', 'Christmas again');
    await submit();
    http.expectOne({ method: 'POST', url: '/api/admin/holidays' }).flush(
      ...apiError(409, '2026-12-25 is already a holiday', [{ field: 'date', message: 'already has a holiday' }]),
    );
    await fixture.whenStable();
    expect(page.querySelector('[data-testid="date-error"]')?.textContent?.trim()).toBe(
      'There is already a holiday on this date',
    );
    expect(close).not.toHaveBeenCalled();
  });

  it('asks for a date and a name before calling the server', async () => {
    await submit();
    const errors = [...page.querySelectorAll('mat-error')].map((e) => e.textContent?.trim());
    expect(errors).toEqual(['Choose a date', 'Give the holiday a name']);
  });
});
