import { InteractivityChecker } from '@angular/cdk/a11y';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialog } from '@angular/material/dialog';
import { ConfirmData, confirmAction } from './confirm-dialog';

// Timers (debounces, dialog animations, polling) are run by the test, not waited for.
beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

const REMOVE: ConfirmData = { title: 'Remove photo?', message: 'Patients will see your initials.', confirm: 'Remove', destructive: true };

describe('confirmAction', () => {
  let answers: boolean[];

  async function ask(data: ConfirmData = REMOVE): Promise<void> {
    confirmAction(TestBed.inject(MatDialog), data).subscribe((answer) => answers.push(answer));
    await settle();
  }

  async function settle(): Promise<void> {
    TestBed.tick();
    // The dialog reports its answer once it has closed (a timer, even without animations).
    await jest.advanceTimersByTimeAsync(0);
    TestBed.tick();
  }

  function button(id: string): HTMLButtonElement {
    const found = document.querySelector<HTMLButtonElement>(`[data-testid="${id}"]`);
    if (!found) throw new Error(`No ${id} button`);
    return found;
  }

  beforeEach(() => {
    answers = [];
    TestBed.configureTestingModule({
      providers: [
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
        // jsdom lays nothing out, so the focus trap would find no button visible to focus.
        { provide: InteractivityChecker, useValue: { isFocusable: () => true, isTabbable: () => true, isVisible: () => true, isDisabled: () => false } },
      ],
    });
  });

  afterEach(async () => {
    TestBed.inject(MatDialog).closeAll();
    await settle();
    TestBed.resetTestingModule();
  });

  it('shows the question with the given labels, starting on the safe choice', async () => {
    await ask({ ...REMOVE, cancel: 'Keep it' });
    expect(document.activeElement).toBe(button('cancel'));
    expect(document.querySelector('[mat-dialog-title]')?.textContent).toContain('Remove photo?');
    expect(document.querySelector('mat-dialog-content')?.textContent).toContain('Patients will see your initials.');
    expect(button('cancel').textContent?.trim()).toBe('Keep it');
    expect(button('confirm').textContent?.trim()).toBe('Remove');
    expect(button('confirm').classList).toContain('destructive');
  });

  it('says Cancel unless told otherwise and marks only destructive actions', async () => {
    await ask({ title: 'Send?', message: 'It goes to the clinic.', confirm: 'Send' });
    expect(button('cancel').textContent?.trim()).toBe('Cancel');
    expect(button('confirm').classList).not.toContain('destructive');
  });

  it('answers true once when confirmed', async () => {
    await ask();
    button('confirm').click();
    await settle();
    expect(answers).toEqual([true]);
  });

  it('answers false for Cancel', async () => {
    await ask();
    button('cancel').click();
    await settle();
    expect(answers).toEqual([false]);
  });

  it('answers false for Escape', async () => {
    await ask();
    const escape = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true });
    Object.defineProperty(escape, 'keyCode', { value: 27 });
    document.body.dispatchEvent(escape);
    await settle();
    expect(answers).toEqual([false]);
  });

  it('answers false for a click outside the dialog', async () => {
    await ask();
    const backdrop = document.querySelector<HTMLElement>('.cdk-overlay-backdrop');
    expect(backdrop).not.toBeNull();
    backdrop?.click();
    await settle();
    expect(answers).toEqual([false]);
  });
});
