import { ComponentFixture, TestBed } from '@angular/core/testing';
import { dialogTesting } from '../../testing/fixtures';
import { BreakGlassDialog } from './break-glass-dialog';

describe('BreakGlassDialog', () => {
  let fixture: ComponentFixture<BreakGlassDialog>;
  let page: HTMLElement;
  const close = jest.fn();

  async function create(data: object = {}): Promise<void> {
    close.mockReset();
    TestBed.configureTestingModule({ imports: [BreakGlassDialog], providers: dialogTesting(data, close) });
    fixture = TestBed.createComponent(BreakGlassDialog);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  }

  afterEach(() => TestBed.resetTestingModule());

  function type(value: string): void {
    const input = page.querySelector<HTMLTextAreaElement>('[data-testid="break-glass-reason"]');
    if (!input) throw new Error('No reason field');
    input.value = value;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('blur'));
  }

  async function submit(): Promise<void> {
    page.querySelector('form')?.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
  }

  it('explains that the read is audited and shown to the patient, naming them when known', async () => {
    await create({ patientName: 'Hazel Record' });
    expect(page.textContent).toContain('Reading Hazel Record’s record as an admin');
    expect(page.textContent).toContain('audit log');
    expect(page.textContent).toContain('“Who viewed my record”');
  });

  it('requires a reason and stays open without one', async () => {
    await create();
    await submit();
    expect(close).not.toHaveBeenCalled();
    expect(page.querySelector('[data-testid="break-glass-error"]')?.textContent).toContain('A reason is required');
  });

  it('refuses a reason shorter than the API accepts, counting it trimmed', async () => {
    await create();
    type('   test      ');
    await submit();
    expect(close).not.toHaveBeenCalled();
    expect(page.querySelector('[data-testid="break-glass-error"]')?.textContent).toContain('at least 10 characters');
  });

  it('closes with the reason, trimmed', async () => {
    await create();
    type('  Patient unconscious in A&E  ');
    await submit();
    expect(close).toHaveBeenCalledWith('Patient unconscious in A&E');
  });
});
