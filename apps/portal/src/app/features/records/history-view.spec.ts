import { TestBed } from '@angular/core/testing';
import type { MedicalHistory } from '@carebook/api-client';
import { HistoryView } from './history-view';

function render(history: MedicalHistory): HTMLElement {
  TestBed.configureTestingModule({ imports: [HistoryView] });
  const fixture = TestBed.createComponent(HistoryView);
  fixture.componentRef.setInput('history', history);
  fixture.detectChanges();
  return fixture.nativeElement as HTMLElement;
}

const text = (root: HTMLElement, id: string) => root.querySelector(`[data-testid="${id}"]`)?.textContent?.replace(/\s+/g, ' ').trim();

describe('HistoryView', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('keeps "not recorded" (null) apart from "none known" ([])', () => {
    const view = render({ conditions: null, allergies: [], medications: null, notes: null });
    expect(text(view, 'history-conditions')).toBe('Not recorded');
    expect(text(view, 'history-allergies')).toBe('None known');
    expect(text(view, 'history-medications')).toBe('Not recorded');
    expect(view.textContent).not.toContain('Notes');
  });

  it('lists what is recorded, with the details each item has', () => {
    const view = render({
      conditions: [
        { name: 'Asthma', since: '2010', status: 'active' },
        { name: 'Appendicitis', status: 'resolved' },
      ],
      allergies: [{ substance: 'Penicillin', reaction: 'Hives', severity: 'moderate' }],
      medications: [{ name: 'Salbutamol', dose: '2 puffs as needed' }],
      notes: 'Prefers morning visits',
    });
    const conditions = [...view.querySelectorAll('[data-testid="history-conditions"] .item')].map((item) => item.textContent?.trim());
    expect(conditions).toEqual(['Asthma (since 2010)', 'Appendicitis, resolved']);
    expect(text(view, 'history-allergies')).toBe('Penicillin: Hives (moderate)');
    expect(text(view, 'history-medications')).toBe('Salbutamol, 2 puffs as needed');
    expect(view.textContent).toContain('Prefers morning visits');
  });
});
