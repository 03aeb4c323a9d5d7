import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { MedicalHistory } from '@carebook/api-client';

/** A medical history to read: each list "Not recorded", "None known" or its items. */
@Component({
  selector: 'cb-history-view',
  template: `
    <dl class="history">
      <div>
        <dt>Conditions</dt>
        <dd data-testid="history-conditions">
          @switch (state(history().conditions)) {
            @case ('unknown') { <span class="cb-muted">Not recorded</span> }
            @case ('none') { None known }
            @default {
              @for (c of history().conditions ?? []; track $index) {
                <span class="item">{{ c.name }}{{ c.since ? ' (since ' + c.since + ')' : '' }}{{ c.status === 'resolved' ? ', resolved' : '' }}</span>
              }
            }
          }
        </dd>
      </div>
      <div>
        <dt>Allergies</dt>
        <dd data-testid="history-allergies">
          @switch (state(history().allergies)) {
            @case ('unknown') { <span class="cb-muted">Not recorded</span> }
            @case ('none') { None known }
            @default {
              @for (a of history().allergies ?? []; track $index) {
                <span class="item allergy">{{ a.substance }}{{ a.reaction ? ': ' + a.reaction : '' }}{{ a.severity ? ' (' + a.severity + ')' : '' }}</span>
              }
            }
          }
        </dd>
      </div>
      <div>
        <dt>Medications</dt>
        <dd data-testid="history-medications">
          @switch (state(history().medications)) {
            @case ('unknown') { <span class="cb-muted">Not recorded</span> }
            @case ('none') { None known }
            @default {
              @for (m of history().medications ?? []; track $index) {
                <span class="item">{{ m.name }}{{ m.dose ? ', ' + m.dose : '' }}</span>
              }
            }
          }
        </dd>
      </div>
      @if (history().notes) {
        <div>
          <dt>Notes</dt>
          <dd class="notes">{{ history().notes }}</dd>
        </div>
      }
    </dl>
  `,
  styles: `
    .history { margin: 0; display: grid; gap: 12px; }
    dt { font: var(--mat-sys-label-large); color: var(--mat-sys-on-surface-variant); }
    dd { margin: 4px 0 0; display: flex; flex-wrap: wrap; gap: 6px; }
    .item { padding: 2px 10px; border-radius: 8px; background: var(--mat-sys-surface-container-high); }
    .allergy { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    .notes { white-space: pre-wrap; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HistoryView {
  readonly history = input.required<MedicalHistory>();

  protected state(list: unknown[] | null | undefined): 'unknown' | 'none' | 'some' {
    if (list === null || list === undefined) return 'unknown';
    return list.length === 0 ? 'none' : 'some';
  }
}
